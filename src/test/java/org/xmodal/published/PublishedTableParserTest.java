package org.xmodal.published;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xmodal.platform.XmodalException;
import org.xmodal.testing.PaperFiles;

/** The paper's shipped tables parse completely; tables of another shape are refused with the line at fault. */
class PublishedTableParserTest {
    @Test
    void theShippedTablesParseIntoEveryRow() throws IOException {
        List<PublishedRow> vis = PublishedTableParser.parse("v", Files.readString(PaperFiles.folder().resolve("val_0.5_vis4lang.tsv")));
        List<PublishedRow> lang = PublishedTableParser.parse("l", Files.readString(PaperFiles.folder().resolve("val_0.5_lang4vis.tsv")));
        assertThat(vis).hasSize(PaperFiles.lines("val_0.5_vis4lang.tsv").size()).allMatch(r -> r.metric().equals("mlm"));
        long xentLines = PaperFiles.lines("val_0.5_lang4vis.tsv").stream().filter(c -> c[3].isEmpty()).count();
        assertThat(xentLines).isEqualTo(3);
        assertThat(lang).hasSize(2 * PaperFiles.lines("val_0.5_lang4vis.tsv").size() - (int) xentLines);
        assertThat(lang.stream().filter(r -> r.model().equals("UNITER-xent"))).hasSize(3)
                .allMatch(r -> r.metric().equals("mrc-xe") && PublishedRow.HEAD_1600.equals(r.caveat()));
        assertThat(lang.stream().filter(r -> r.metric().equals("mrc-xe"))).allMatch(r -> !r.comparable());
        assertThat(lang.stream().filter(r -> r.metric().equals("mrc-kl"))).allMatch(PublishedRow::comparable);
        assertThat(vis.stream().map(PublishedRow::condition).distinct()).containsExactlyInAnyOrder("none", "all", "object@0.9",
                "object@0.8", "object@0.7", "object@0.6", "object@0.5", "object@0.4", "object@0.3", "object@0.2", "object@0.1", "object@0.0");
        PublishedRow bert = vis.stream().filter(r -> r.model().equals("BERT-CC")).findFirst().orElseThrow();
        assertThat(bert.condition()).isEqualTo("none");
        assertThat(bert.meanBits()).isEqualTo(5.39354745101637);
        assertThat(vis.stream().filter(r -> r.model().equals("LXMERT") && r.condition().equals("object@0.5")).findFirst().orElseThrow()
                .meanBits()).isEqualTo(4.996244609711637);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\\tModel\\tMLM\\n0\\tX\\t1.0|the header needs the columns Model and Mask",
        "\\tModel\\tMask\\tScore\\n0\\tX\\tNone\\t1.0|must have MLM",
        "\\tModel\\tMask\\tMLM\\tMRC-KL\\n0\\tX\\tNone\\t1\\t2|not both",
        "\\tModel\\tMask\\tMLM\\n0\\tX\\tHalf\\t1.0|line 2: Mask 'Half'",
        "\\tModel\\tMask\\tMLM\\n0\\tX\\t0.95\\t1.0|line 2: Mask '0.95'",
        "\\tModel\\tMask\\tMRC-KL\\n0\\tX\\t0.5\\t1.0|is not None, Phrase or All",
        "\\tModel\\tMask\\tMLM\\n0\\tX\\tNone\\tabc|line 2: MLM 'abc' is not a number",
        "\\tModel\\tMask\\tMLM\\n0\\tX\\tNone\\t-1|at least 0 bits",
        "\\tModel\\tMask\\tMLM\\n0\\tX\\tNone\\tNaN|finite loss",
        "\\tModel\\tMask\\tMLM\\n0\\tX\\tNone\\t1\\n1\\tX\\tNone\\t2|line 3: X under none appears twice",
        "\\tModel\\tMask\\tMLM\\n0\\tX\\tNone|line 2 has 3 cells",
        "\\tModel\\tMask\\tMLM\\n0\\t\\tNone\\t1|Model must be 1 to 200",
        "\\tModel\\tMask\\tMLM\\n|no rows",
        "\\tModel\\tMask\\tMRC-KL\\tMRC-XE\\n0\\tX\\tNone\\t\\t|MRC-KL '' is not a number",
        "' '|the table is empty",
    })
    void aMalformedTableIsRefusedWithWhatIsWrong(String table, String message) {
        String text = table.replace("\\t", "\t").replace("\\n", "\n");
        assertThatThrownBy(() -> PublishedTableParser.parse("t.tsv", text)).isInstanceOf(XmodalException.class)
                .hasMessageStartingWith("t.tsv: ").hasMessageContaining(message);
    }
}
