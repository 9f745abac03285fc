package org.xmodal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Paths resolve inside the roots or are refused, however they try to leave. */
class PathGuardTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    PathGuard guard;

    @BeforeEach
    void roots() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(root.resolve("model.json"), "{}");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/data.txt"), "x");
        Files.writeString(outside.resolve("secret.txt"), "s");
        Files.createSymbolicLink(root.resolve("out-link"), outside);
        Files.createSymbolicLink(root.resolve("in-link"), root.resolve("sub"));
        guard = new PathGuard(List.of(root, tmp.resolve("missing-root")));
    }

    @Test
    void relativeAndAbsolutePathsInsideARootResolve() throws Exception {
        assertThat(guard.resolve("path", "model.json")).isEqualTo(root.toRealPath().resolve("model.json"));
        assertThat(guard.resolve("path", root.resolve("sub/data.txt").toString())).isEqualTo(root.toRealPath().resolve("sub/data.txt"));
        assertThat(guard.resolve("path", "./sub/./data.txt")).isEqualTo(root.toRealPath().resolve("sub/data.txt"));
        assertThat(guard.resolve("path", "in-link/data.txt")).isEqualTo(root.toRealPath().resolve("sub/data.txt"));
        assertThat(guard.roots()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "sub/../../outside/secret.txt", "..", "sub/..", "..\\outside",
            "%2e%2e/outside/secret.txt", "%2E%2E%2Foutside", "%252e%252e/outside/secret.txt", "sub%2f..%2f..", "model.json%00"})
    void escapesAreRefused(String path) {
        assertThatThrownBy(() -> guard.resolve("path", path)).isInstanceOf(XmodalException.class)
                .satisfies(e -> assertThat(((XmodalException) e).code()).isEqualTo(ErrorCode.PATH_OUTSIDE_ROOTS))
                .satisfies(e -> assertThat(((XmodalException) e).fieldErrors()).extracting("field").containsExactly("path"));
    }

    @Test
    void absolutePathsOutsideTheRootsAndLinksThatLeadOutAreRefused() {
        for (String path : List.of(outside.resolve("secret.txt").toString(), "/etc/passwd", "out-link/secret.txt")) {
            assertThatThrownBy(() -> guard.resolve("path", path)).as(path).isInstanceOf(XmodalException.class)
                    .satisfies(e -> assertThat(((XmodalException) e).code()).isEqualTo(ErrorCode.PATH_OUTSIDE_ROOTS));
        }
    }

    @Test
    void missingAndBlankPathsAreInvalidArguments() {
        for (String path : new String[] {"nope.json", " ", null}) {
            assertThatThrownBy(() -> guard.resolve("path", path)).isInstanceOf(XmodalException.class)
                    .satisfies(e -> assertThat(((XmodalException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void aReferencedFileMustAlsoBeInside() throws Exception {
        assertThatThrownBy(() -> guard.requireInside("path", outside.resolve("secret.txt")))
                .isInstanceOf(XmodalException.class).hasMessageContaining("outside");
        assertThat(guard.requireInside("path", root.resolve("in-link/data.txt"))).startsWith(root.toRealPath());
    }
}
