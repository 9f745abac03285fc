package org.xmodal.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalConfig;
import org.xmodal.platform.XmodalException;
import org.xmodal.registry.RegistryResponses.RegistrationStatus;

/**
 * Runs registrations on a small bounded pool, never on an HTTP thread: reading a dataset and hashing a large
 * model can take minutes. A registration that is not done within {@code answer-within} is answered 202 with a
 * status location; it keeps running, and this node remembers its outcome for an hour.
 */
@ApplicationScoped
public class Registrations {
    private static final String STATUS = "/api/registrations/";
    private final ThreadPoolExecutor pool;
    private final Duration answerWithin;
    private final Cache<String, CompletableFuture<URI>> running = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(10_000).build();

    @Inject
    public Registrations(XmodalConfig config) {
        this(config.registry().threads(), config.registry().queue(), config.registry().answerWithin());
    }

    Registrations(int threads, int queue, Duration answerWithin) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), task -> {
            Thread thread = new Thread(task, "registry-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.answerWithin = answerWithin;
    }

    /** 201 with {@code work}'s answer at its {@code location} if it ends in time, its error if it fails, else 202. */
    public <T> Uni<Response> run(Supplier<T> work, Function<T, URI> location) {
        CompletableFuture<T> answer;
        try {
            answer = CompletableFuture.supplyAsync(work, pool);
        } catch (RejectedExecutionException e) {
            return Uni.createFrom().failure(new XmodalException(ErrorCode.UNAVAILABLE,
                    "too many registrations are in progress; retry later"));
        }
        CompletableFuture<URI> created = answer.thenApply(location);
        // the copy is what a timeout cancels; the registration itself runs on
        return Uni.createFrom().completionStage(answer.copy())
                .map(value -> Response.created(location.apply(value)).entity(value).build())
                .ifNoItem().after(answerWithin).recoverWithItem(() -> accepted(created));
    }

    /** The state of a registration answered 202: running, its error, or where the registered item is. */
    public Optional<CompletableFuture<URI>> status(String id) {
        return Optional.ofNullable(running.getIfPresent(id));
    }

    private Response accepted(CompletableFuture<URI> created) {
        String id = UUID.randomUUID().toString();
        running.put(id, created);
        URI status = URI.create(STATUS + id);
        return Response.accepted(new RegistrationStatus("running", status.toString())).location(status)
                .header("Retry-After", 2).build();
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
