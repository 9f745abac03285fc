package org.xmodal.platform;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The address a node listens on. Loopback (127.0.0.0/8, ::1, {@code localhost}) reaches this machine only; any
 * other address, the wildcards {@code 0.0.0.0} and {@code ::} and host names included, exposes the node to the
 * network and so needs team server mode, where every request is authenticated.
 */
public record ListenAddress(String host) {
    public static final String DEFAULT = "127.0.0.1";

    public ListenAddress {
        host = host.strip();
    }

    /** Whether only this machine can connect. Host names other than localhost are not resolved: they count as exposed. */
    public boolean loopback() {
        if (literal().equalsIgnoreCase("localhost")) {
            return true;
        }
        return address().map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** Why a node must not start here, when it would be exposed without authentication. */
    public Optional<String> refusal(boolean team) {
        if (team || loopback()) {
            return Optional.empty();
        }
        return Optional.of("xmodal: refusing to listen on " + host + " without authentication: add --team to run a team server "
                + "(users, projects, tokens), or listen on " + DEFAULT);
    }

    /** The host part of this node's URLs: localhost for loopback, the machine's name for a wildcard, else the address. */
    public String urlHost() {
        if (loopback()) {
            return "localhost";
        }
        if (address().map(InetAddress::isAnyLocalAddress).orElse(false)) {
            try {
                return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }
        return NetUtil.isValidIpV6Address(literal()) ? "[" + literal() + "]" : literal();
    }

    /** The host this node's own client (the demo) calls: the listening address, or loopback for a wildcard. */
    public String clientHost() {
        return address().map(InetAddress::isAnyLocalAddress).orElse(false) ? "localhost" : urlHost();
    }

    private String literal() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The address when {@link #host} is an IP literal; never a DNS lookup. */
    private Optional<InetAddress> address() {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal());
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
