package io.cutwatch.dashboard;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open server-sent-event streams ({@code /events}): each page holds one; the dashboard thread
 * pushes the overview to all of them. A stream whose previous write has not finished (a slow
 * reader) skips this push and gets the next one, so a slow page never holds the dashboard thread,
 * let alone a process. A failed write (the page went away) closes the stream.
 */
final class EventStream {
    private final class Client {
        final Response response;
        final Callback done;
        final AtomicBoolean writing = new AtomicBoolean();

        Client(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        void send(byte[] event) {
            if (!writing.compareAndSet(false, true)) {
                return;
            }
            response.write(false, ByteBuffer.wrap(event), new Callback() {
                @Override
                public void succeeded() {
                    writing.set(false);
                }

                @Override
                public void failed(Throwable x) {
                    clients.remove(Client.this);
                    done.failed(x);
                }
            });
        }
    }

    private final List<Client> clients = new CopyOnWriteArrayList<>();

    /** Opens a stream on {@code response}; {@code done} completes when it closes. Sends {@code first} at once. */
    void open(Response response, Callback done, String first) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        Client c = new Client(response, done);
        clients.add(c);
        c.send(event("overview", first));
    }

    /** Pushes an {@code overview} event to every open stream. */
    void broadcast(String json) {
        if (clients.isEmpty()) {
            return;
        }
        byte[] e = event("overview", json);
        for (Client c : clients) {
            c.send(e);
        }
    }

    /** A comment line, so that idle streams are not timed out by the server or a proxy. */
    void heartbeat() {
        byte[] ping = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
        for (Client c : clients) {
            c.send(ping);
        }
    }

    int size() {
        return clients.size();
    }

    /** Ends every stream that is not being written (the dashboard is closing; stopping the server aborts the rest). */
    void closeAll() {
        for (Client c : clients) {
            clients.remove(c);
            if (c.writing.compareAndSet(false, true)) {
                c.done.succeeded();
            }
        }
    }

    private static byte[] event(String name, String json) {
        return ("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
