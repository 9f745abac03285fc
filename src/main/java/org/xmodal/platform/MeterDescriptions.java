package org.xmodal.platform;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Meter descriptions that every Prometheus parser reads. {@code /q/metrics} answers a client that prefers no format
 * (curl) in OpenMetrics, which writes a double quote in a HELP text as {@code \"}; the classic text format, which
 * {@code promtool check metrics} reads, has no such escape and rejects the whole page. Micrometer's own CPU meters
 * quote words in their descriptions ({@code The "cpu time" used by …}), so quotes become apostrophes here.
 */
@Singleton
public class MeterDescriptions {

    @Produces
    @Singleton
    MeterFilter withoutDoubleQuotes() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = id.getDescription();
                return description == null || description.indexOf('"') < 0 ? id
                        : new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description.replace('"', '\''), id.getType());
            }
        };
    }
}
