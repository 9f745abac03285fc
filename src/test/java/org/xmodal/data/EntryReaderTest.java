package org.xmodal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xmodal.ablation.Box;

class EntryReaderTest {
    static final String XML = """
            <annotation>
              <filename>1.jpg</filename>
              <size><width>500</width><height>375</height><depth>3</depth></size>
              <object><name>10</name><name>12</name>
                <bndbox><xmin>1</xmin><ymin>11</ymin><xmax>100</xmax><ymax>200</ymax></bndbox></object>
              <object><name>10</name>
                <bndbox><xmin>201</xmin><ymin>1</ymin><xmax>300</xmax><ymax>50</ymax></bndbox></object>
              <object><name>11</name><scene>1</scene></object>
              <object><name>13</name><nobndbox>1</nobndbox></object>
            </annotation>
            """;

    static void write(Path dir, long image, String sentences, String xml) throws Exception {
        Files.createDirectories(dir.resolve("Sentences"));
        Files.createDirectories(dir.resolve("Annotations"));
        Files.writeString(dir.resolve("Sentences").resolve(image + ".txt"), sentences);
        Files.writeString(dir.resolve("Annotations").resolve(image + ".xml"), xml);
    }

    @Test
    void annotationsShiftBoxesToZeroBasedAndShareABoxBetweenChains(@TempDir Path dir) throws Exception {
        write(dir, 1, "", XML);
        ImageAnnotation a = AnnotationsParser.parse(dir.resolve("Annotations/1.xml"));
        assertThat(a.width()).isEqualTo(500);
        assertThat(a.boxes("10")).containsExactly(new Box(0, 10, 99, 199), new Box(200, 0, 299, 49));
        assertThat(a.boxes("12")).containsExactly(new Box(0, 10, 99, 199));
        assertThat(a.boxes("11")).isEmpty();
        assertThat(a.boxes("13")).isEmpty();
    }

    @Test
    void keepsOnlyPhrasesWhoseChainHasABoxInSplitSentencePhraseOrder(@TempDir Path dir) throws Exception {
        write(dir, 1, """
                [/EN#10/people A man] and [/EN#0/notvisual it] in [/EN#11/scene a park] near [/EN#12/people/other him] .
                [/EN#13/other Nothing] here .
                [/EN#10/people The man] waves .
                """, XML);
        write(dir, 2, "[/EN#5/animals A dog] .\n", XML.replace("<name>10</name><name>12</name>", "<name>5</name>"));
        List<Entry> entries = EntryReader.read(List.of(2L, 1L), dir.resolve("Sentences"), dir.resolve("Annotations"));
        assertThat(entries).extracting(e -> e.imageId() + ":" + e.sentenceIndex() + ":" + e.phrase().text())
                .containsExactly("2:0:A dog", "1:0:A man", "1:0:him", "1:2:The man");
        assertThat(entries).extracting(Entry::index).containsExactly(0, 1, 2, 3);
        assertThat(entries.get(1).refBoxes()).hasSize(2);
        assertThat(entries.get(2).phrase().firstWordIndex()).isEqualTo(8);
        assertThat(entries.get(1).sentence()).isEqualTo("A man and it in a park near him .");
    }

    @Test
    void aMissingAnnotationFileIsNamed(@TempDir Path dir) throws Exception {
        write(dir, 1, "[/EN#10/people A man] .\n", XML);
        Files.writeString(dir.resolve("Sentences/3.txt"), "[/EN#10/people A man] .\n");
        assertThatThrownBy(() -> EntryReader.read(List.of(1L, 3L), dir.resolve("Sentences"), dir.resolve("Annotations")))
                .hasMessageContaining("annotation file not found").hasMessageContaining("3.xml");
    }

    @Test
    void malformedXmlNamesFileAndLine(@TempDir Path dir) throws Exception {
        write(dir, 1, "", "<annotation>\n<object><name>1</name>\n</annotation>\n");
        assertThatThrownBy(() -> AnnotationsParser.parse(dir.resolve("Annotations/1.xml")))
                .hasMessageContaining("1.xml line 3").hasMessageContaining("malformed XML");
    }

    @Test
    void aNonNumericCoordinateIsNamed(@TempDir Path dir) throws Exception {
        write(dir, 1, "", XML.replace("<xmin>201</xmin>", "<xmin>left</xmin>"));
        assertThatThrownBy(() -> AnnotationsParser.parse(dir.resolve("Annotations/1.xml")))
                .hasMessageContaining("<xmin> is not an integer").hasMessageNotContaining("left");
    }

    @Test
    void aBadSplitLineIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("val.txt"), "1\n2x\n");
        assertThatThrownBy(() -> EntryReader.readSplit(dir.resolve("val.txt"))).hasMessageContaining("val.txt line 2");
    }
}
