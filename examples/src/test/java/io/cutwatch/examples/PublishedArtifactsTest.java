package io.cutwatch.examples;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The BOM lists every published Cutwatch artifact, and the README's module table every module: a module
 * added to the reactor without them fails here, naming it. Published means a jar module that deploys
 * (no {@code maven.deploy.skip}); its test fixtures jar too, if it builds one.
 */
class PublishedArtifactsTest {
    private final Path root = Path.of(System.getProperty("cutwatch.root", "..")).toAbsolutePath().normalize();

    @Test
    void theBomListsEveryPublishedArtifactAndTheReadmeEveryModule() throws Exception {
        Element bom = read(root.resolve("bom/pom.xml"));
        List<String> managed = new ArrayList<>();
        for (Element d : all(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            managed.add(text(d, "artifactId") + ":" + (text(d, "type") == null ? "jar" : text(d, "type")));
        }
        String readme = Files.readString(root.resolve("README.md"));
        List<String> problems = new ArrayList<>();
        for (Element m : all(child(read(root.resolve("pom.xml")), "modules"), "module")) {
            String module = m.getTextContent().strip();
            if (!readme.contains("| `" + module + "` |")) {
                problems.add("README.md's module table has no row for module " + module);
            }
            Element pom = read(root.resolve(module).resolve("pom.xml"));
            Element props = child(pom, "properties");
            boolean published = (text(pom, "packaging") == null || "jar".equals(text(pom, "packaging")))
                    && !"true".equals(props == null ? null : text(props, "maven.deploy.skip"));
            if (!published) {
                continue;
            }
            String artifactId = text(pom, "artifactId");
            if (!managed.contains(artifactId + ":jar")) {
                problems.add("bom/pom.xml does not list io.cutwatch:" + artifactId + " (module " + module + ")");
            }
            if (Files.readString(root.resolve(module).resolve("pom.xml")).contains("<goal>test-jar</goal>")
                    && !managed.contains(artifactId + ":test-jar")) {
                problems.add("bom/pom.xml does not list io.cutwatch:" + artifactId + " type test-jar (module "
                        + module + " builds one)");
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    private static Element read(Path pom) throws IOException {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            return doc.getDocumentElement();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(pom + ": " + e.getMessage(), e);
        }
    }

    /** The direct child element {@code name} of {@code parent}, or null. */
    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> all(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
