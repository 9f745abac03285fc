package org.xmodal.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xmodal.ablation.Box;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/**
 * Parses a Flickr30k Entities {@code Annotations/<image>.xml} file: every {@code <object>} with a
 * {@code <bndbox>} gives its box, shifted from 1-based to 0-based, to each chain it names. Objects without a box
 * (scene, no-box) give nothing. External entities are disabled.
 */
public final class AnnotationsParser {
    private AnnotationsParser() {
    }

    public static ImageAnnotation parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new XmodalException(ErrorCode.MISSING_DATA, "annotation file not found: " + file);
        }
        Document doc = read(file);
        Map<String, List<Box>> boxes = new LinkedHashMap<>();
        NodeList objects = doc.getElementsByTagName("object");
        for (int i = 0; i < objects.getLength(); i++) {
            Element object = (Element) objects.item(i);
            NodeList bndbox = object.getElementsByTagName("bndbox");
            if (bndbox.getLength() == 0) {
                continue;
            }
            Box box = box((Element) bndbox.item(0), file);
            NodeList names = object.getElementsByTagName("name");
            for (int n = 0; n < names.getLength(); n++) {
                boxes.computeIfAbsent(names.item(n).getTextContent().trim(), k -> new ArrayList<>()).add(box);
            }
        }
        return new ImageAnnotation(sizeField(doc, "width", file), sizeField(doc, "height", file), boxes);
    }

    private static Document read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(file.toFile());
        } catch (SAXParseException e) {
            // the parser's own message quotes the markup it choked on
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + " line " + e.getLineNumber()
                    + " column " + e.getColumnNumber() + ": malformed XML", e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": malformed XML", e);
        } catch (IOException e) {
            throw new XmodalException(ErrorCode.IO_FAILURE, "cannot read " + file, e);
        }
    }

    private static Box box(Element bndbox, Path file) {
        return new Box(coordinate(bndbox, "xmin", file) - 1, coordinate(bndbox, "ymin", file) - 1,
                coordinate(bndbox, "xmax", file) - 1, coordinate(bndbox, "ymax", file) - 1);
    }

    private static int coordinate(Element parent, String tag, Path file) {
        NodeList nodes = parent.getElementsByTagName(tag);
        if (nodes.getLength() == 0) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": a <bndbox> has no <" + tag + ">");
        }
        String text = nodes.item(0).getTextContent().trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new XmodalException(ErrorCode.MALFORMED_DATA, file + ": <" + tag + "> is not an integer pixel coordinate");
        }
    }

    private static int sizeField(Document doc, String tag, Path file) {
        NodeList size = doc.getElementsByTagName("size");
        if (size.getLength() == 0) {
            return -1;
        }
        return coordinate((Element) size.item(0), tag, file);
    }
}
