package org.xmodal.published;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The paper's model names: architecture, seed, variant, and the seed group by naming. */
class PaperNameTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "LXMERT|LXMERT|-|-|-",
        "VL-BERT|VL-BERT|-|-|-",
        "VL-BERT_s89|VL-BERT|89|-|VL-BERT",
        "UNITER_s1234|UNITER|1234|-|UNITER",
        "ViLBERT_s0|ViLBERT|0|-|ViLBERT",
        "UNITER-thr04|UNITER|-|thr04|-",
        "UNITER-thr02iot|UNITER|-|thr02iot|-",
        "UNITER-xent|UNITER|-|xent|-",
        "UNITER_rnd-vl|UNITER|-|rnd-vl|-",
        "UNITER_bert-v-vl|UNITER|-|bert-v-vl|-",
        "ViLBERT_rnd-v-vl|ViLBERT|-|rnd-v-vl|-",
        "BERT|BERT|-|-|-",
        "BERT-CC|BERT|-|CC|-",
        "demo-single|demo-single|-|-|-",
        "demo-single_s2|demo-single|2|-|demo-single",
        "my-uniter-s7|my-uniter|7|-|my-uniter",
        "UNITER-thr04_s3|UNITER|3|thr04|UNITER-thr04",
    })
    void readsArchitectureSeedAndVariant(String name, String architecture, Long seed, String variant, String group) {
        PaperName parsed = PaperName.parse(name);
        assertThat(parsed.architecture()).isEqualTo(architecture);
        assertThat(parsed.seed()).isEqualTo(seed);
        assertThat(parsed.variant()).isEqualTo(variant);
        assertThat(parsed.seedGroup()).isEqualTo(group);
    }
}
