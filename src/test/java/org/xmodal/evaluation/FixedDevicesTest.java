package org.xmodal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xmodal.testing.Demo;

/** Device constants in TorchScript code: found, refused on another device, and absent from every bundled model. */
class FixedDevicesTest {
    static final Path TEST_MODELS = Demo.root().resolve("src/test/resources/models");

    @Test
    void aTracedDeviceConstantIsFound() {
        assertThat(FixedDevices.in(TEST_MODELS.resolve("device-constant.pt"))).containsExactly("cpu");
    }

    @Test
    void noBundledModelFixesItsDevice() throws IOException {
        List<Path> models;
        try (Stream<Path> demo = Files.list(Demo.models()); Stream<Path> test = Files.list(TEST_MODELS)) {
            models = Stream.concat(demo, test).filter(p -> p.toString().endsWith(".pt"))
                    .filter(p -> !p.getFileName().toString().equals("device-constant.pt")).sorted().toList();
        }
        assertThat(models).hasSizeGreaterThanOrEqualTo(8);
        assertThat(models).allSatisfy(pt -> assertThat(FixedDevices.in(pt)).as(pt.toString()).isEmpty());
    }

    @Test
    void aModelThatFixesTheCpuIsRefusedOnAGpuAndRunsOnTheCpu() {
        assertThatThrownBy(() -> FixedDevices.requireRunnableOn("old-export", Set.of("cpu"), Device.gpu(0)))
                .hasMessageContaining("model old-export cannot run on gpu(0)")
                .hasMessageContaining("fixes the device [cpu]").hasMessageContaining("export it again with tools/export");
        assertThatThrownBy(() -> FixedDevices.requireRunnableOn("cuda-export", Set.of("cuda:0"), Device.cpu()))
                .hasMessageContaining("cannot run on cpu");
        assertThatCode(() -> FixedDevices.requireRunnableOn("old-export", Set.of("cpu"), Device.cpu())).doesNotThrowAnyException();
        assertThatCode(() -> FixedDevices.requireRunnableOn("cuda-export", Set.of("cuda:1"), Device.gpu(1))).doesNotThrowAnyException();
        assertThatCode(() -> FixedDevices.requireRunnableOn("portable", Set.of(), Device.gpu(0))).doesNotThrowAnyException();
    }

    @Test
    void aModelWithADeviceConstantStillLoadsOnItsOwnDevice() {
        try (LoadedModel model = LoadedModel.load(TEST_MODELS.resolve("device-constant.json"), Device.cpu())) {
            assertThat(model.metadata().name()).isEqualTo("device-constant");
        }
    }
}
