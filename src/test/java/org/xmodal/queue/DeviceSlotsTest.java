package org.xmodal.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceSlotsTest {

    @Test
    void devicesAreReadAsWritten() {
        assertThat(DeviceSlots.parse(List.of("cpu"))).containsExactly("cpu");
        assertThat(DeviceSlots.parse(List.of("gpu:0", "gpu:1"))).containsExactly("gpu:0", "gpu:1");
        assertThat(DeviceSlots.parse(List.of(" AUTO ", ""))).containsExactly("auto");
    }

    @Test
    void aBareNumberContinuesTheGpuBeforeIt() {
        assertThat(DeviceSlots.parse(List.of("gpu:0", "1", "3"))).containsExactly("gpu:0", "gpu:1", "gpu:3");
    }

    @Test
    void unknownAndRepeatedDevicesAreRefused() {
        assertThatThrownBy(() -> DeviceSlots.parse(List.of("tpu"))).hasMessageContaining("'tpu' is not a device");
        assertThatThrownBy(() -> DeviceSlots.parse(List.of("1"))).hasMessageContaining("not a device");
        assertThatThrownBy(() -> DeviceSlots.parse(List.of("gpu:0", "gpu:0"))).hasMessageContaining("listed twice");
    }
}
