package dev.flinkgitops.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes every connection that is still open {@code deadline} after it was accepted. The port
 * serves one request per connection, so this bounds a whole request (headers, body, answer):
 * a client that trickles a byte now and then, always inside the read timeout, is still cut off.
 */
final class ConnectionDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final long millis;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    ConnectionDeadline(Scheduler scheduler, Duration deadline) {
        this.scheduler = scheduler;
        this.millis = deadline.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, scheduler.schedule(() -> connection.getEndPoint()
                .close(new TimeoutException("request not done within " + millis + " ms")), millis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }
}
