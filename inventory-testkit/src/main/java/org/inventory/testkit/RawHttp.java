package org.inventory.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for requests that {@code java.net.http} refuses to send: raw bytes in the
 * request target, repeated or malformed headers, unknown methods. One request per connection; reads the
 * response by its {@code Content-Length} or chunked encoding.
 */
public final class RawHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    public record Response(int status, String head, String body) {
        /** A header's value, by case-insensitive name. */
        public Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip())
                    .findFirst();
        }

        @Override
        public String toString() {
            return head.lines().findFirst().orElse("") + " "
                    + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    private RawHttp() {}

    /** {@code METHOD target HTTP/1.1} with a Host header and the given extra header lines (each ending in CRLF). */
    public static Response request(int port, String method, String target, String headers) throws IOException {
        String text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "\r\n";
        return send(port, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Response get(int port, String target, String headers) throws IOException {
        return request(port, "GET", target, headers);
    }

    /** Sends exactly these bytes and reads one response. */
    public static Response send(int port, byte[] request) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(
                    socket.getInputStream(),
                    request.length >= 4 && new String(request, 0, 4, StandardCharsets.US_ASCII).equals("HEAD"));
        }
    }

    private static Response read(InputStream in, boolean noBody) throws IOException {
        String head = readHead(in);
        String statusLine = head.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        var response = new Response(status, head, "");
        byte[] body;
        if (noBody || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (response.header("Transfer-Encoding")
                .map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false)) {
            body = readChunked(in);
        } else if (response.header("Content-Length").isPresent()) {
            body = in.readNBytes(
                    Integer.parseInt(response.header("Content-Length").get()));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, head, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads a response head up to its empty line, a byte at a time, so that nothing after it is consumed. */
    public static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before a complete response head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
            if (size == 0) {
                // Trailers, if any, end with an empty line.
                while (!readLine(in).isEmpty()) {
                    // skip
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed inside a chunked body");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
