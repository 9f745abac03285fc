package org.xmodal.published;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model name says under the paper's naming: {@code X_sN} (or {@code X-sN}) is architecture X pretrained with
 * seed N; {@code X_rnd-vl}, {@code X_bert-v-vl}, {@code X_rnd-v-vl} are initialisation variants; {@code X-thrNN},
 * {@code X-thrNNiot}, {@code X-xent} and {@code BERT-CC} are pretraining variants. The seed group is the name
 * without its seed; a name without a seed is in no group by naming.
 */
public record PaperName(String name, String architecture, Long seed, String variant) {
    private static final Pattern SEED = Pattern.compile("^(.+?)[_-]s(\\d{1,9})$");
    private static final Pattern INIT = Pattern.compile("^(.+?)_(rnd-vl|bert-v-vl|rnd-v-vl)$");
    private static final Pattern PRETRAIN = Pattern.compile("^(.+?)-(thr\\d+(?:iot)?|xent|CC)$");

    public static PaperName parse(String name) {
        String rest = name;
        Long seed = null;
        Matcher m = SEED.matcher(rest);
        if (m.matches()) {
            rest = m.group(1);
            seed = Long.parseLong(m.group(2));
        }
        String variant = null;
        m = INIT.matcher(rest);
        if (m.matches()) {
            rest = m.group(1);
            variant = m.group(2);
        }
        m = PRETRAIN.matcher(rest);
        if (m.matches()) {
            rest = m.group(1);
            variant = variant == null ? m.group(2) : m.group(2) + "_" + variant;
        }
        return new PaperName(name, rest, seed, variant);
    }

    /** The seed group by naming: the name without its seed ({@code UNITER_s42} → {@code UNITER}); null without a seed. */
    public String seedGroup() {
        Matcher m = SEED.matcher(name);
        return m.matches() ? m.group(1) : null;
    }
}
