package io.cellsprobe.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.cellsprobe.testing.CellsAnswers;
import io.cellsprobe.testing.TestJwt;
import io.cellsprobe.testing.TestTargets;

/**
 * A misbehaving HTTP/1.1 server on a real socket on 127.0.0.1, for what WireMock cannot do: answer
 * never, trickle, stream a huge or endless body, reset in the middle of an answer. One daemon thread
 * per connection; each connection is recorded when it ends, with the bytes written to it and how it
 * ended, so a test can tell whether the client stopped reading early.
 */
final class RawHttpServer implements AutoCloseable {

    /** What the server does with one request; it owns the socket until it returns. */
    @FunctionalInterface
    interface Behaviour {
        void answer(Request request, Socket socket, CountingOutputStream out) throws IOException, InterruptedException;
    }

    record Request(String method, String path, Map<String, String> headers) {
        /** Without the headers: they hold the test credentials and tokens. */
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /**
     * One finished connection.
     *
     * @param bytesWritten bytes the server managed to hand to the socket
     * @param endedByError the server's writing (or waiting) ended with an I/O error or end of stream:
     *        the client went away before the server was done
     */
    record Ended(Request request, long bytesWritten, boolean endedByError, long endedNanos) {
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Ended> ended = new CopyOnWriteArrayList<>();

    private RawHttpServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptLoop, "raw-http-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RawHttpServer start(Behaviour behaviour) {
        try {
            return new RawHttpServer(behaviour);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback socket", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Ended> ended() {
        return List.copyOf(ended);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            open.add(socket);
            Thread handler = new Thread(() -> handle(socket), "raw-http-conn-" + socket.getPort());
            handler.setDaemon(true);
            handler.start();
        }
    }

    private void handle(Socket socket) {
        CountingOutputStream out = null;
        Request request = null;
        boolean error = false;
        try {
            out = new CountingOutputStream(socket.getOutputStream());
            request = readRequest(socket.getInputStream());
            requests.add(request);
            behaviour.answer(request, socket, out);
        } catch (IOException e) {
            error = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.add(new Ended(request, out == null ? 0 : out.count(), error, System.nanoTime()));
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
            open.remove(socket);
        }
    }

    /** Reads the request head and its Content-Length body (so closing never resets for unread bytes). */
    private static Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client closed before the request head ended");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) {
                throw new IOException("request head too large");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        for (long i = 0; i < length; i++) {
            if (in.read() < 0) {
                throw new IOException("client closed inside the request body");
            }
        }
        return new Request(requestLine[0], requestLine[1], headers);
    }

    // --- behaviours ---

    /** Accepts, reads the request, and never writes a byte; waits until the client goes away. */
    static Behaviour neverAnswers() {
        return (request, socket, out) -> {
            if (socket.getInputStream().read() < 0) {
                throw new IOException("client closed the connection");
            }
        };
    }

    /** Valid headers (Content-Length 1000) at once, then one body byte a second. */
    static Behaviour tricklesOneByteASecond() {
        return (request, socket, out) -> {
            out.write(head("200 OK", "Content-Type: application/json", "Content-Length: 1000"));
            out.flush();
            for (int i = 0; i < 1000; i++) {
                out.write(i == 0 ? '{' : ' ');
                out.flush();
                Thread.sleep(1000);
            }
        };
    }

    /** A 200 JSON answer with a 64 MiB body (Content-Length), written as fast as the client reads. */
    static Behaviour hugeBody(long bytes) {
        return (request, socket, out) -> {
            out.write(head("200 OK", "Content-Type: application/json", "Content-Length: " + bytes));
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) ' ');
            block[0] = '{';
            for (long sent = 0; sent < bytes; sent += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - sent));
                block[0] = ' ';
            }
            out.flush();
        };
    }

    /** A 200 JSON answer with Transfer-Encoding: chunked that never ends: chunks until the socket breaks. */
    static Behaviour endlessChunkedBody() {
        return (request, socket, out) -> {
            out.write(head("200 OK", "Content-Type: application/json", "Transfer-Encoding: chunked"));
            byte[] data = new byte[8192];
            Arrays.fill(data, (byte) ' ');
            byte[] chunk = concat(ascii(Integer.toHexString(data.length) + "\r\n"), data, ascii("\r\n"));
            out.write(ascii("1\r\n{\r\n"));
            while (true) {
                out.write(chunk);
            }
        };
    }

    /** Headers and 100 of the 1000 announced body bytes, then a TCP reset (SO_LINGER 0 and close). */
    static Behaviour resetsMidResponse() {
        return (request, socket, out) -> {
            out.write(head("200 OK", "Content-Type: application/json", "Content-Length: 1000"));
            out.write(ascii("{\"access_token\":\"" + "a".repeat(100 - 17)));
            out.flush();
            Thread.sleep(50);
            socket.setSoLinger(true, 0);
            socket.close();
        };
    }

    /** The token request gets a valid token answer; every other request gets {@code userStep}. */
    static Behaviour tokenIssuedThen(Behaviour userStep) {
        return (request, socket, out) -> {
            if (request.method().equals("POST")) {
                byte[] body = ascii(CellsAnswers.tokenJson(
                        TestJwt.issuedAt(Instant.now(), TestTargets.USERNAME).encode(), 599));
                out.write(head("200 OK", "Content-Type: application/json", "Content-Length: " + body.length));
                out.write(body);
                out.flush();
            } else {
                userStep.answer(request, socket, out);
            }
        };
    }

    private static byte[] head(String status, String... headers) {
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return ascii(text.append("Connection: close\r\n\r\n").toString());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** Counts the bytes the socket accepted. */
    static final class CountingOutputStream extends OutputStream {
        private final OutputStream delegate;
        private volatile long count;

        CountingOutputStream(OutputStream delegate) {
            this.delegate = delegate;
        }

        long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }
    }
}
