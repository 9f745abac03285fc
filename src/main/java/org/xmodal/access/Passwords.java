package org.xmodal.access;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Password hashing with Argon2id (Spring Security's encoder over Bouncy Castle): the PHC string keeps its salt and
 * parameters, so they can be raised later without invalidating stored hashes.
 */
public final class Passwords {
    /** Argon2id, 16-byte salt, 32-byte hash, 1 lane, 19 MiB, 2 iterations: OWASP's minimum recommendation. */
    private static final Argon2PasswordEncoder ENCODER = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    /** Verified against when the user does not exist, so that the answer takes as long either way. */
    private static final String DECOY = ENCODER.encode("decoy password of a user that does not exist");
    public static final int MIN_LENGTH = 10;

    private Passwords() {
    }

    public static String hash(String password) {
        return ENCODER.encode(password);
    }

    /** Whether {@code password} matches {@code hash}; a null hash (no password set) never matches, in the same time. */
    public static boolean matches(String password, String hash) {
        if (hash == null) {
            ENCODER.matches(password, DECOY);
            return false;
        }
        return ENCODER.matches(password, hash);
    }

    /** The hash of a new password, or a 400 naming the field {@code password} where it is too weak. */
    public static String hashNew(String password) {
        String weakness = weakness(password);
        if (weakness != null) {
            throw org.xmodal.platform.XmodalException.invalidField("password", weakness);
        }
        return hash(password);
    }

    /** A readable reason why {@code password} is too weak, or null. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > 1024) {
            return "must have at most 1024 characters";
        }
        return null;
    }
}
