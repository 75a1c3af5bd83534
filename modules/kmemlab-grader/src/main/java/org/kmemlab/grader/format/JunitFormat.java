package org.kmemlab.grader.format;

import java.io.StringWriter;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.kmemlab.grader.GradedItem;
import org.kmemlab.grader.Points;
import org.kmemlab.grader.Report;

/** JUnit XML: one testsuite per submission, one testcase per graded item, a failure element for each lost item. */
final class JunitFormat {
    private JunitFormat() {
    }

    static String render(Report r, boolean showHidden) {
        StringWriter sw = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(sw);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", clean(r.assignment() + " — " + r.student()));
            x.writeAttribute("tests", String.valueOf(r.items().size()));
            x.writeAttribute("failures", String.valueOf(r.items().stream().filter(i -> !i.passed()).count()));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", "0");
            x.writeCharacters("\n  ");
            x.writeStartElement("properties");
            property(x, "score", Points.format(r.score()));
            property(x, "max_score", Points.format(r.maxScore()));
            property(x, "status", r.status());
            if (r.message() != null) {
                property(x, "message", r.message());
            }
            x.writeEndElement();
            for (GradedItem i : r.items()) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "kmemlab." + r.student());
                x.writeAttribute("name", clean(i.name()) + " (" + Points.format(i.points()) + "/" + Points.format(i.maxPoints()) + ")");
                if (i.file() != null) {
                    x.writeAttribute("file", i.file());
                }
                if (!i.passed()) {
                    boolean show = !i.visibility().concealed() || showHidden;
                    x.writeStartElement("failure");
                    x.writeAttribute("message", clean(show && i.message() != null ? i.message() : "failed"));
                    if (show && i.location() != null) {
                        x.writeCharacters(clean("at " + i.location()));
                    }
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return sw + "\n";
    }

    /** Characters XML 1.0 cannot carry (terminal escapes, NUL) become U+FFFD. */
    static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
            || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000 ? c : 0xFFFD));
        return sb.toString();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", clean(value));
    }
}
