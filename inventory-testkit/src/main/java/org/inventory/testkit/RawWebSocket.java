package org.inventory.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket client written by hand over a plain socket, so that a test can send what well-behaved clients
 * refuse to: invalid UTF-8 in a text frame, control frames inside a fragmented message, unmasked or reserved
 * frames. It does the HTTP upgrade, writes frames exactly as told (masked unless asked otherwise) and reads
 * the server's frames one by one. Blocking, for one thread at a time; cheap enough for a virtual thread each.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** One frame as it came from the server. */
    @SuppressWarnings("ArrayRecordComponent") // read by tests, never compared or hashed
    public record Frame(boolean fin, int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status of a close frame; 1005 (no status) when it carries none. */
        public int closeStatus() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    /**
     * What the server sent for one message: a text reply, or the end of the connection. {@code closeStatus} is
     * the close frame's status, or -1 when the connection ended without one.
     */
    public record Received(String text, int closeStatus) {
        public boolean closed() {
            return text == null;
        }
    }

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code ws://127.0.0.1:port/} and completes the upgrade; every read waits at most {@code timeout}. */
    public static RawWebSocket connect(int port, Duration timeout) throws IOException {
        return connect(port, timeout, "Upgrade: websocket\r\nConnection: Upgrade\r\n");
    }

    /**
     * Connects with an upgrade request of the given header lines (each ending in CRLF) between {@code Host} and
     * the key and version, which this adds.
     */
    public static RawWebSocket connect(int port, Duration timeout, String upgradeHeaders) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            var client = new RawWebSocket(socket);
            client.upgrade(port, upgradeHeaders);
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects to {@code wss://localhost:port/} over TLS with this context and completes the upgrade; the handshake's
     * session (the server's certificate) is {@link #tlsSession()}.
     */
    public static RawWebSocket connectTls(int port, Duration timeout, SSLContext tls) throws IOException {
        var socket = (SSLSocket) tls.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            var parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("localhost")));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            var client = new RawWebSocket(socket);
            client.upgrade(port, "Upgrade: websocket\r\nConnection: Upgrade\r\n");
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The TLS session of a connection made by {@link #connectTls}. */
    public SSLSession tlsSession() {
        return ((SSLSocket) socket).getSession();
    }

    private void upgrade(int port, String upgradeHeaders) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET / HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + upgradeHeaders
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // Byte by byte, so that nothing of the first frame is consumed.
        String head = RawHttp.readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        if (!head.toLowerCase(java.util.Locale.ROOT)
                .contains("sec-websocket-accept: " + accept(key).toLowerCase(java.util.Locale.ROOT))) {
            throw new IOException("upgrade answered without the right Sec-WebSocket-Accept:\n" + head);
        }
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public RawWebSocket text(String message) throws IOException {
        return frame(true, TEXT, message.getBytes(StandardCharsets.UTF_8));
    }

    /** A text frame holding exactly these bytes, valid UTF-8 or not. */
    public RawWebSocket text(byte[] bytes) throws IOException {
        return frame(true, TEXT, bytes);
    }

    public RawWebSocket binary(byte[] bytes) throws IOException {
        return frame(true, BINARY, bytes);
    }

    public RawWebSocket ping(byte[] payload) throws IOException {
        return frame(true, PING, payload);
    }

    public RawWebSocket pong(byte[] payload) throws IOException {
        return frame(true, PONG, payload);
    }

    /** A close frame with a status and reason. */
    public RawWebSocket close(int status, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return frame(
                true,
                CLOSE,
                ByteBuffer.allocate(2 + text.length)
                        .putShort((short) status)
                        .put(text)
                        .array());
    }

    /** One masked frame with the given FIN bit and opcode. */
    public RawWebSocket frame(boolean fin, int opcode, byte[] payload) throws IOException {
        return frame(fin ? 0x80 | opcode : opcode, payload, true);
    }

    /**
     * One frame whose first byte (FIN, RSV1-3, opcode) is given as is, masked or not: the way to break the
     * protocol on purpose.
     */
    public RawWebSocket frame(int firstByte, byte[] payload, boolean masked) throws IOException {
        return write(encode(firstByte, payload, masked, MINIMAL_LENGTH));
    }

    /**
     * One masked, final frame whose length takes {@code lengthBytes} bytes after the 7-bit field (2 or 8) whatever
     * the payload's size: a length not in its minimal encoding when the payload is short.
     */
    public RawWebSocket frameWithLength(int opcode, byte[] payload, int lengthBytes) throws IOException {
        return write(encode(0x80 | opcode, payload, true, lengthBytes));
    }

    /** Writes bytes, such as several {@link #encode encoded} frames in one TCP write. */
    public RawWebSocket write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The length in the fewest bytes RFC 6455 §5.2 allows. */
    public static final int MINIMAL_LENGTH = 0;

    /** One frame as bytes: the first byte as given, masked or not, its length in {@code lengthBytes} (0, 2 or 8). */
    public static byte[] encode(int firstByte, byte[] payload, boolean masked, int lengthBytes) {
        var frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        int size = lengthBytes != MINIMAL_LENGTH
                ? lengthBytes
                : payload.length < 126 ? 0 : payload.length <= 0xFFFF ? 2 : 8;
        if (size == 0) {
            frame.write(maskBit | payload.length);
        } else if (size == 2) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
            byte[] masking = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                masking[i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            frame.writeBytes(masking);
        } else {
            frame.writeBytes(payload);
        }
        return frame.toByteArray();
    }

    /** The server's next frame; fails when none comes within the read timeout. */
    public Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((second & 0x80) != 0) {
            throw new IOException("the server sent a masked frame");
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    /**
     * The next text message, or the close: answers pings on the way, skips pongs, joins continuation frames.
     * A connection that ends without a close frame reads as closed with status -1.
     */
    public Received receive() throws IOException {
        var text = new ByteArrayOutputStream();
        while (true) {
            Frame frame;
            try {
                frame = readFrame();
            } catch (EOFException | java.net.SocketException ended) {
                return new Received(null, -1);
            }
            switch (frame.opcode()) {
                case PING -> pong(frame.payload());
                case PONG -> {
                    // An answer to a ping of ours; receivePong reads those.
                }
                case CLOSE -> {
                    return new Received(null, frame.closeStatus());
                }
                case TEXT, CONTINUATION -> {
                    text.writeBytes(frame.payload());
                    if (frame.fin()) {
                        return new Received(text.toString(StandardCharsets.UTF_8), 0);
                    }
                }
                default -> throw new IOException("unexpected frame opcode " + frame.opcode());
            }
        }
    }

    /** The next text reply; fails if the connection closes instead. */
    public String reply() throws IOException {
        Received received = receive();
        if (received.closed()) {
            throw new IOException("connection closed with status " + received.closeStatus() + " instead of a reply");
        }
        return received.text();
    }

    /** Waits for the server to close the connection and returns its close status (-1: ended without a close frame). */
    public int closeStatus() throws IOException {
        while (true) {
            Received received = receive();
            if (received.closed()) {
                return received.closeStatus();
            }
        }
    }

    /** The next pong, skipping nothing else: fails if a text frame comes first. */
    public byte[] receivePong() throws IOException {
        Frame frame = readFrame();
        if (frame.opcode() != PONG) {
            throw new IOException("expected a pong, got opcode " + frame.opcode());
        }
        return frame.payload();
    }

    /** Whether the read timeout passed without a frame. Only for asserting that the server stays silent. */
    public static boolean isTimeout(IOException e) {
        return e instanceof SocketTimeoutException;
    }

    /** Half-closes the socket: a TCP FIN with no Close frame, while replies may still be read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
