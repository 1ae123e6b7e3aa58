package io.cutwatch.deadlock.graph;

/**
 * The strongly connected components of a {@link WaitForGraph}, by Tarjan's algorithm run with an
 * explicit stack (no recursion: safe on paths of millions of vertices).
 *
 * <p>O(V + E) time; five int arrays of length V as working memory, of which {@link #componentOf}
 * is kept. Component ids are in reverse topological order of the condensation (a component's
 * successors have smaller ids). Immutable once computed.
 */
public final class StronglyConnectedComponents {
    private final int[] component;
    private final int[] size;
    private final int count;

    private StronglyConnectedComponents(int[] component, int[] size, int count) {
        this.component = component;
        this.size = size;
        this.count = count;
    }

    public static StronglyConnectedComponents of(WaitForGraph g) {
        int n = g.vertexCount();
        int[] index = new int[n];
        int[] low = new int[n];
        int[] comp = new int[n];
        int[] stack = new int[n];
        int[] calls = new int[n];
        int[] next = new int[n];
        java.util.Arrays.fill(index, -1);
        java.util.Arrays.fill(comp, -1);
        int counter = 0;
        int sp = 0;
        int components = 0;
        for (int s = 0; s < n; s++) {
            if (index[s] != -1) {
                continue;
            }
            int csp = 0;
            index[s] = low[s] = counter++;
            stack[sp++] = s;
            next[s] = g.firstEdge(s);
            calls[csp++] = s;
            while (csp > 0) {
                int v = calls[csp - 1];
                if (next[v] < g.endEdge(v)) {
                    int w = g.target(next[v]++);
                    if (index[w] == -1) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        next[w] = g.firstEdge(w);
                        calls[csp++] = w;
                    } else if (comp[w] == -1 && index[w] < low[v]) {
                        // visited and not yet in a component: w is on the Tarjan stack
                        low[v] = index[w];
                    }
                } else {
                    csp--;
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = stack[--sp];
                            comp[w] = components;
                        } while (w != v);
                        components++;
                    }
                    if (csp > 0) {
                        int u = calls[csp - 1];
                        if (low[v] < low[u]) {
                            low[u] = low[v];
                        }
                    }
                }
            }
        }
        int[] size = new int[components];
        for (int v = 0; v < n; v++) {
            size[comp[v]]++;
        }
        return new StronglyConnectedComponents(comp, size, components);
    }

    public int count() {
        return count;
    }

    public int componentOf(int vertex) {
        return component[vertex];
    }

    public int size(int componentId) {
        return size[componentId];
    }
}
