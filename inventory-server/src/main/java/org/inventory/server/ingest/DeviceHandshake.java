package org.inventory.server.ingest;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.inventory.server.access.AccessControl;
import org.inventory.server.http.ErrorBodies;
import org.inventory.server.http.Refusal;

/**
 * The opening handshake on the device port, which speaks nothing but it: the request's head read and checked as
 * on the API port ({@link IngestUpgrader#accept}, then {@link IngestAdmission#refusal}: 503 while stopping or at
 * {@code INVENTORY_MAX_CONNECTIONS}, 401/403/429 for the token), answered 101 with the connection's session, or
 * refused with the API's JSON error body and the socket closed.
 */
final class DeviceHandshake {
    /** The request line and headers together; a device's handshake takes a few hundred bytes. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    private final IngestSessions sessions;
    private final AccessControl access;
    private final IngestAdmission admission;

    DeviceHandshake(IngestSessions sessions, AccessControl access, IngestAdmission admission) {
        this.sessions = sessions;
        this.access = access;
        this.admission = admission;
    }

    /** Reads and answers the handshake: the new session, or null once refused. */
    IngestSession open(DeviceConnection connection, DataReader reader, String address) {
        List<String> lines = head(reader);
        if (lines == null) {
            connection.answer(refusal(
                    Status.create(431, "Request Header Fields Too Large"),
                    List.of(),
                    "bad_request",
                    "the handshake's head is over " + MAX_HEAD_BYTES + " bytes"));
            return null;
        }
        String[] requestLine = lines.getFirst().split(" ", -1);
        WritableHeaders<?> headers = WritableHeaders.create();
        if (requestLine.length != 3 || !headers(lines, headers)) {
            connection.answer(refusal(Status.BAD_REQUEST_400, List.of(), "bad_request", "not an HTTP/1.1 request"));
            return null;
        }
        if (!requestLine[2].equals("HTTP/1.1")) {
            connection.answer(refusal(
                    Status.HTTP_VERSION_NOT_SUPPORTED_505,
                    List.of(),
                    "bad_request",
                    "a WebSocket handshake is an HTTP/1.1 request"));
            return null;
        }
        String path = requestLine[1].split("\\?", 2)[0];
        if (!path.equals("/")) {
            connection.answer(refusal(
                    Status.NOT_FOUND_404,
                    List.of(),
                    "not_found",
                    "the device port takes ingest WebSockets at / alone; browse on the API port"));
            return null;
        }
        if (!headers.contains(HeaderNames.UPGRADE)
                || !UpgradeTokens.includes(
                        UpgradeTokens.tokens(headers.get(HeaderNames.UPGRADE)), UpgradeTokens.WEBSOCKET)) {
            connection.answer(refusal(
                    Status.UPGRADE_REQUIRED_426,
                    List.of(
                            HeaderValues.create(HeaderNames.UPGRADE, "websocket"),
                            HeaderValues.create(HeaderNames.CONNECTION, "Upgrade")),
                    "bad_request",
                    "the device port takes WebSocket upgrades alone (Upgrade: websocket)"));
            return null;
        }
        Method method;
        try {
            method = Method.create(requestLine[0]);
        } catch (IllegalArgumentException e) {
            // A method with characters a method may not have.
            connection.answer(refusal(Status.BAD_REQUEST_400, List.of(), "bad_request", "not an HTTP/1.1 request"));
            return null;
        }
        String accept;
        try {
            accept =
                    IngestUpgrader.accept(HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", method, path, false), headers);
        } catch (RequestException e) {
            var extra = new ArrayList<Header>();
            e.responseHeaders().forEach(extra::add);
            connection.answer(refusal(e.eventType().defaultStatus(), extra, "bad_request", e.getMessage()));
            return null;
        }
        Refusal refused = admission.refusal(headers.first(HeaderNames.AUTHORIZATION), address);
        if (refused != null) {
            connection.answer(bytes(refused));
            return null;
        }
        var grant = access.ingestGrant(headers.first(HeaderNames.AUTHORIZATION), address);
        connection.answer(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return sessions.open(connection, grant);
    }

    /** The head's lines, the request line first, without the empty line that ends it; null if it is too long. */
    private static List<String> head(DataReader reader) {
        var bytes = new ByteArrayOutputStream(512);
        int tail = 0; // the last four bytes read, to find CR LF CR LF
        while (tail != 0x0D0A0D0A) {
            if (bytes.size() == MAX_HEAD_BYTES) {
                return null;
            }
            int b = reader.read() & 0xFF;
            bytes.write(b);
            tail = tail << 8 | b;
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return List.of(text.substring(0, text.length() - 4).split("\r\n", -1));
    }

    /** Adds the header lines to {@code headers}; false for a line that is not one. */
    private static boolean headers(List<String> lines, WritableHeaders<?> headers) {
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).strip().length() != colon) {
                return false;
            }
            try {
                headers.add(HeaderValues.create(
                        HeaderNames.create(line.substring(0, colon)),
                        line.substring(colon + 1).strip()));
            } catch (IllegalArgumentException e) {
                return false; // a name with characters a header's name may not have
            }
        }
        return true;
    }

    private static byte[] refusal(Status status, List<Header> extra, String code, String message) {
        return bytes(new Refusal(status, extra, ErrorBodies.error(code, message)));
    }

    /** The refusal as HTTP/1.1 bytes, closing the connection. */
    private static byte[] bytes(Refusal refusal) {
        byte[] body = refusal.body().getBytes(StandardCharsets.UTF_8);
        var head = new StringBuilder("HTTP/1.1 ")
                .append(refusal.status().code())
                .append(' ')
                .append(refusal.status().reasonPhrase())
                .append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(body.length)
                .append("\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n");
        for (Header header : refusal.headers()) {
            for (String value : header.allValues()) {
                head.append(header.name()).append(": ").append(value).append("\r\n");
            }
        }
        var out = new ByteArrayOutputStream(head.length() + 2 + body.length);
        out.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
