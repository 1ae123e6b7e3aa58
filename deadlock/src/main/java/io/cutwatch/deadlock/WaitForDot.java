package io.cutwatch.deadlock;

import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

import java.io.StringWriter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Graphviz DOT of a wait-for graph with the deadlock cycles highlighted (red, bold), victims
 * filled, waits labelled with their resource. Uses JGraphT's {@link DOTExporter}; builds a JGraphT
 * graph of the given edges, so O(E) objects: meant for graphs a person will look at.
 * Stateless and thread-safe.
 */
public final class WaitForDot {
    private WaitForDot() {
    }

    public static String export(Collection<WaitForEdge> waits, Collection<Deadlock> deadlocks) {
        Graph<String, WaitForEdge> g = new DirectedPseudograph<>(null, null, false);
        for (WaitForEdge e : waits) {
            g.addVertex(e.waiter());
            g.addVertex(e.holder());
            g.addEdge(e.waiter(), e.holder(), e);
        }
        Set<WaitForEdge> cycleEdges = new HashSet<>();
        Set<String> cycleVertices = new HashSet<>();
        Set<String> victims = new HashSet<>();
        for (Deadlock d : deadlocks) {
            for (WaitForEdge e : d.cycle()) {
                cycleEdges.add(e);
                cycleVertices.add(e.waiter());
                g.addVertex(e.waiter());
                g.addVertex(e.holder());
                if (!g.containsEdge(e)) {
                    g.addEdge(e.waiter(), e.holder(), e);
                }
            }
            victims.add(d.victim());
        }
        Map<String, String> ids = new HashMap<>();
        for (String v : g.vertexSet()) {
            ids.put(v, "v" + ids.size());
        }
        DOTExporter<String, WaitForEdge> exporter = new DOTExporter<>(ids::get);
        exporter.setGraphIdProvider(() -> "waitfor");
        exporter.setVertexAttributeProvider(v -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(v));
            if (cycleVertices.contains(v)) {
                a.put("color", DefaultAttribute.createAttribute("red"));
            }
            if (victims.contains(v)) {
                a.put("style", DefaultAttribute.createAttribute("filled"));
                a.put("fillcolor", DefaultAttribute.createAttribute("lightpink"));
                a.put("xlabel", DefaultAttribute.createAttribute("victim"));
            }
            return a;
        });
        exporter.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(e.resource()));
            if (cycleEdges.contains(e)) {
                a.put("color", DefaultAttribute.createAttribute("red"));
                a.put("penwidth", DefaultAttribute.createAttribute("2.5"));
            }
            return a;
        });
        StringWriter w = new StringWriter();
        exporter.exportGraph(g, w);
        return w.toString();
    }
}
