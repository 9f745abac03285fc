package org.xmodal.platform;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Typed configuration under {@code xmodal.*}; every key has its default here. */
@ConfigMapping(prefix = "xmodal")
public interface XmodalConfig {

    /** This node's name in worker and shard records (default: host name and process id). */
    Optional<String> nodeName();

    Worker worker();

    Registry registry();

    Sweeps sweeps();

    Api api();

    Access access();

    Statistics statistics();

    interface Worker {
        /** Devices this node executes shards on, one worker thread each: {@code cpu}, {@code gpu:0}, {@code auto}; empty: API-only. */
        @WithDefault("cpu")
        List<String> devices();

        /** Whether this node executes shards at all; false makes an API-only node that only enqueues. */
        @WithDefault("true")
        boolean enabled();

        /** How often a worker's heartbeat is written while it is alive. */
        @WithDefault("5s")
        Duration heartbeat();

        /** How many loaded models a worker keeps per device (cached by SHA-256). */
        @WithDefault("3")
        int modelCache();

        /**
         * A running shard holds a lease, renewed by its worker's heartbeat; a lease not renewed for this long has
         * expired, and the reaper queues the shard again. Keep it several heartbeats long.
         */
        @WithDefault("20s")
        Duration leaseTimeout();

        /** How often every node's reaper looks for expired leases, lost jobs and unsettled runs (one node at a time). */
        @WithDefault("5s")
        Duration reaperInterval();

        /**
         * On SIGTERM the node stops claiming, lets each shard in flight commit its chunk and hands the shard back; it
         * waits at most this long for that before it stops anyway (the reaper then requeues what is left).
         */
        @WithDefault("30s")
        Duration shutdownGrace();
    }

    interface Registry {
        /** Folders that registered model and dataset paths must resolve inside (relative to the working directory). */
        @WithDefault("demo")
        List<String> roots();

        /** The bundled demo (corpus/ and models/ below it), registered on first start when present. */
        @WithDefault("demo")
        String demo();

        /** Whether to register the bundled demo on start. */
        @WithDefault("true")
        boolean registerDemo();

        /** Largest JSON manifest a registration reads: dataset.json, a feature store's manifest.json, a model's metadata. */
        @WithDefault("1M")
        MemorySize maxManifestSize();

        /** Largest text file a registration reads whole: split and class lists, images.tsv, sentences, annotations, tokenizer. */
        @WithDefault("16M")
        MemorySize maxTextSize();

        /** Largest single feature-store file (or any other file in a dataset folder) a registration hashes. */
        @WithDefault("64G")
        MemorySize maxFeaturesSize();

        /** Largest TorchScript file a registration hashes. */
        @WithDefault("4G")
        MemorySize maxModelSize();

        /** Threads that inspect and hash registrations, off the HTTP threads; more requests queue (see queue). */
        @WithDefault("2")
        int threads();

        /** Registrations that may wait for a thread; beyond this a registration is refused with 503. */
        @WithDefault("32")
        int queue();

        /** How long POST /api/models and /api/datasets wait for their registration before answering 202 Accepted. */
        @WithDefault("3s")
        Duration answerWithin();
    }

    interface Sweeps {
        /** Examples per shard when an experiment does not say. */
        @WithDefault("1000")
        int defaultShardSize();

        /** Attempts per shard before it is marked failed (transient failures only; bad input fails at once). */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before the first retry; doubles (see multiplier) up to maxBackoff. */
        @WithDefault("10s")
        Duration initialBackoff();

        @WithDefault("2.0")
        double backoffMultiplier();

        @WithDefault("5m")
        Duration maxBackoff();

        /**
         * How long a chunk whose commit failed on a database fault (connection lost, read-only, restarting) is
         * retried on the same shard, with backoff, before the attempt ends; the shard keeps its resume point.
         */
        @WithDefault("2m")
        Duration commitRetryFor();
    }

    interface Api {
        /** Largest page a list endpoint returns. */
        @WithDefault("500")
        int maxPageSize();

        /** Largest request body accepted, in bytes, with or without a Content-Length (chunked). */
        @WithDefault("1048576")
        long maxBodyBytes();

        /** Longest request URI accepted (path and query), in characters. */
        @WithDefault("4096")
        int maxUriLength();

        /** Largest block of request headers accepted, in bytes (names, values and separators). */
        @WithDefault("20480")
        int maxHeaderBytes();
    }

    interface Access {
        /** Team server mode: authentication required (users, projects, tokens); off: one implicit local user on loopback. */
        @WithDefault("false")
        boolean team();

        /** A browser session ends after this long without a request. */
        @WithDefault("12h")
        Duration sessionIdle();

        /** A browser session ends this long after sign-in, however active. */
        @WithDefault("7d")
        Duration sessionMax();

        /** Expiry of an API token whose request names none. */
        @WithDefault("90d")
        Duration tokenDefaultLifetime();

        /** The longest expiry an API token may have. */
        @WithDefault("365d")
        Duration tokenMaxLifetime();

        /** Failed logins counted for throttling within this window. */
        @WithDefault("15m")
        Duration loginWindow();

        /** Failed logins of one account within the window before further attempts are refused (429). */
        @WithDefault("5")
        int loginFailuresPerAccount();

        /** Failed logins from one address within the window before further attempts are refused (429). */
        @WithDefault("20")
        int loginFailuresPerAddress();

        /** Whether a first single sign-on creates an xmodal user (with no project until an owner adds them). */
        @WithDefault("true")
        boolean ssoCreatesUsers();

        /** Whether session cookies carry {@code Secure}: {@code auto} sets it when the request came over HTTPS. */
        @WithDefault("auto")
        String secureCookies();
    }

    /** The uncertainty computed when a run succeeds (docs/method.md, "Uncertainty"). */
    interface Statistics {
        /** Whether a succeeded run gets its intervals and p-values; off, its rows carry none. */
        @WithDefault("true")
        boolean enabled();

        /** Confidence level of the bootstrap intervals. */
        @WithDefault("0.95")
        double level();

        /** Bootstrap resamples over examples, shared by every condition of the run. */
        @WithDefault("10000")
        int resamples();

        /** Random sign vectors of the permutation test (all 2^n of them when there are fewer). */
        @WithDefault("10000")
        int permutations();

        /** Seed of the generator that draws the resamples and the signs. */
        @WithDefault("20211107")
        long seed();
    }
}
