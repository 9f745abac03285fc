package org.xmodal.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xmodal.platform.StalePostmaster.Verdict;

/** What a start does about the pid file that a crash left in an embedded data folder, and how that file is read. */
class StalePostmasterTest {

    @ParameterizedTest(name = "pid file {0}, server alive {1}, owner {2} -> {3}")
    @CsvSource({
        "false, false, ,      START",
        "true,  false, ,      CLEAR",
        "true,  true,  ,      STOP_ORPHAN",
        "true,  true,  4242,  REFUSE",
        "true,  false, 4242,  REFUSE",
        "false, false, 4242,  REFUSE",
        "true,  true,  -1,    REFUSE"})
    void decides(boolean pidFile, boolean serverAlive, Long owner, Verdict expected) {
        OptionalLong otherOwner = owner == null ? OptionalLong.empty() : OptionalLong.of(owner);
        assertThat(StalePostmaster.decide(pidFile, serverAlive, otherOwner)).isEqualTo(expected);
    }

    @Test
    void readsThePidAndThePortOfARunningServer(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("postmaster.pid"), "21751\n" + data + "\n1796169185\n40939\n\n127.0.0.1\n  2155591        19\nready   \n");
        PostmasterPidFile file = PostmasterPidFile.read(data).orElseThrow();
        assertThat(file.pid()).isEqualTo(21751);
        assertThat(file.port()).isEqualTo(OptionalInt.of(40939));
    }

    @Test
    void aServerStillStartingHasNoPortYetAndAHalfWrittenFileIsNone(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("postmaster.pid"), "21751\n" + data + "\n");
        assertThat(PostmasterPidFile.read(data).orElseThrow().port()).isEmpty();
        Files.writeString(data.resolve("postmaster.pid"), "");
        assertThat(PostmasterPidFile.read(data)).isEmpty();
        Files.delete(data.resolve("postmaster.pid"));
        assertThat(PostmasterPidFile.read(data)).isEmpty();
    }

    @Test
    void aPidFileOfADeadProcessIsCleared(@TempDir Path data) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(data.resolve("postmaster.pid"), gone.pid() + "\n" + data + "\n");
        StalePostmaster.prepare(data);
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aPidFileWhosePidWasReusedByAnotherProgramIsCleared(@TempDir Path data) throws Exception {
        // PostgreSQL itself refuses to start while the pid in its lock file belongs to any live process
        Files.writeString(data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + data + "\n");
        assertThat(PostmasterPidFile.read(data).orElseThrow().serverAlive()).isFalse();
        StalePostmaster.prepare(data);
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void aFolderNobodyLockedIsNotOwned(@TempDir Path data) throws Exception {
        assertThat(DataFolderOwner.otherOwner(data)).isEmpty();
        Files.createFile(data.resolve(DataFolderOwner.LOCK_FILE));
        assertThat(DataFolderOwner.otherOwner(data)).isEmpty();
    }
}
