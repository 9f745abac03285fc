package org.xmodal.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Sends bytes no HTTP client would (a bad Content-Length, a huge request line) and reads until the server closes. */
final class RawHttp {
    /** The status, the raw head and the body of an answer; {@code status} is 0 when the server closed without one. */
    record Answer(int status, String head, String body) {
        boolean hasHeader(String name, String valueStart) {
            return head.lines().anyMatch(l -> l.toLowerCase().startsWith(name.toLowerCase() + ": " + valueStart.toLowerCase()));
        }
    }

    private RawHttp() {
    }

    /** {@code head} without its final blank line; the connection is asked to close, so the answer ends at EOF. */
    static Answer send(int port, String head) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(readToEnd(socket.getInputStream()));
        }
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // the server may reset a connection it closed with request bytes unread; what arrived before still counts
        }
        return bytes.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return new Answer(0, text, "");
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end), text.substring(end + 4));
    }
}
