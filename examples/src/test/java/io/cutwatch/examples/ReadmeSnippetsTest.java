package io.cutwatch.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's Java snippets are the text that examples/consumer compiles (the invoker build that runs
 * after this test compiles it against this run's artifacts), and its dependency snippet is the
 * consumer's pom, so they cannot drift apart.
 *
 * <p>In a Java source of the consumer a snippet runs from a line {@code // README.md snippet: HEADING}
 * to a line {@code // end of README.md snippet} (in its pom.xml, the same words in {@code <!-- -->});
 * in README.md it is the first {@code ```java} (or {@code ```xml}) block under the heading
 * {@code ## HEADING}. They must be the same lines once the common indentation and trailing blanks are
 * removed. A mismatch is one line naming the snippet and the first line that differs.
 */
class ReadmeSnippetsTest {
    /** Snippets the consumer must carry: removing its markers is not a way to stop checking one. */
    private static final List<String> REQUIRED =
            List.of("The API in 20 lines", "The engine on its own", "Use it as a library");

    private static final Pattern BEGIN = Pattern.compile("^(?://|<!--) README\\.md snippet: (.+?)(?: -->)?$");
    private static final Pattern END = Pattern.compile("^(?://|<!--) end of README\\.md snippet(?: -->)?$");

    private final Path root = Path.of(System.getProperty("cutwatch.root", "..")).toAbsolutePath().normalize();
    private final Path consumer = root.resolve("examples/consumer");

    @Test
    void readmeSnippetsAreTheTextTheConsumerCompiles() {
        List<String> readme = lines(root.resolve("README.md"));
        Map<String, Snippet> inExample = snippetsInConsumer();
        List<String> problems = new ArrayList<>();
        for (String heading : REQUIRED) {
            if (!inExample.containsKey(heading)) {
                problems.add("README.md snippet \"" + heading + "\" is not in examples/consumer (no line \""
                        + "// README.md snippet: " + heading + "\")");
            }
        }
        for (Snippet example : inExample.values()) {
            List<String> inReadme = readmeSnippet(readme, example.heading(), example.language());
            String where = "README.md snippet \"" + example.heading() + "\"";
            if (inReadme == null) {
                problems.add(where + " not found: no ```" + example.language() + " block under \"## "
                        + example.heading() + "\" (used by " + example.file() + ")");
                continue;
            }
            String difference = firstDifference(inReadme, example.lines());
            if (difference != null) {
                problems.add(where + " differs from " + example.file() + ": " + difference);
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void consumerImportsTheBomOfThisBuild() {
        String version = System.getProperty("cutwatch.version");
        Matcher m = Pattern.compile("<artifactId>cutwatch-bom</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(String.join("\n", lines(consumer.resolve("pom.xml"))));
        if (version == null || !m.find()) {
            fail("examples/consumer/pom.xml imports no io.cutwatch:cutwatch-bom with a version"
                    + " (or the test runs outside Maven)");
        }
        assertEquals(version, m.group(1),
                "examples/consumer/pom.xml (and README.md) import cutwatch-bom at another version than the one built");
    }

    private record Snippet(String heading, String file, String language, List<String> lines) {
    }

    private Map<String, Snippet> snippetsInConsumer() {
        Map<String, Snippet> found = new LinkedHashMap<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(consumer.resolve("src"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sources.add(0, consumer.resolve("pom.xml"));
        for (Path source : sources) {
            String file = root.relativize(source).toString().replace('\\', '/');
            String language = file.endsWith(".java") ? "java" : "xml";
            List<String> lines = lines(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher begin = BEGIN.matcher(lines.get(i).strip());
                if (!begin.matches()) {
                    continue;
                }
                String heading = begin.group(1).strip();
                int end = i + 1;
                while (end < lines.size() && !END.matcher(lines.get(end).strip()).matches()) {
                    end++;
                }
                if (end == lines.size()) {
                    fail(file + ": README.md snippet \"" + heading + "\" has no \"end of README.md snippet\" line");
                }
                if (found.containsKey(heading)) {
                    fail("README.md snippet \"" + heading + "\" is in both " + found.get(heading).file()
                            + " and " + file);
                }
                found.put(heading, new Snippet(heading, file, language, normalise(lines.subList(i + 1, end))));
                i = end;
            }
        }
        return found;
    }

    /** The first {@code ```language} block after the line {@code ## heading}, before the next heading. */
    private static List<String> readmeSnippet(List<String> readme, String heading, String language) {
        int i = readme.indexOf("## " + heading);
        if (i < 0) {
            return null;
        }
        for (i++; i < readme.size() && !readme.get(i).startsWith("#"); i++) {
            if (readme.get(i).strip().equals("```" + language)) {
                int end = i + 1;
                while (end < readme.size() && !readme.get(end).strip().equals("```")) {
                    end++;
                }
                return normalise(readme.subList(i + 1, end));
            }
        }
        return null;
    }

    /** Without trailing blanks, leading and trailing empty lines, and the indentation common to all lines. */
    private static List<String> normalise(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.stripTrailing());
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        int indent = out.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        out.replaceAll(l -> l.isEmpty() ? l : l.substring(indent));
        return out;
    }

    private static String firstDifference(List<String> readme, List<String> example) {
        for (int i = 0; i < Math.max(readme.size(), example.size()); i++) {
            String r = i < readme.size() ? readme.get(i) : null;
            String e = i < example.size() ? example.get(i) : null;
            if (r == null || e == null || !r.equals(e)) {
                return "line " + (i + 1) + " of the snippet is " + quote(r) + " in README.md but "
                        + quote(e) + " in the example";
            }
        }
        return null;
    }

    private static String quote(String line) {
        return line == null ? "(missing)" : "\"" + line.strip() + "\"";
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
