package org.xmodal.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A team server: authentication required. The login throttle is raised so that tests can sign in many times. */
public class TeamProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("xmodal.access.team", "true", "xmodal.access.login-failures-per-address", "1000");
    }
}
