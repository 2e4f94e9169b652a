package io.jeeves.functions.memory;

import io.jeeves.llm.embedding.MemorySearch;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.JeevesHandler;
import io.jeeves.runtime.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET /v1/memory/search?q=&top_k=&owner=: the caller's (an admin: {@code owner}'s) most similar memory documents,
 * best first: scores and summaries, never vectors.
 */
public final class SearchMemoryHandler extends JeevesHandler {
    private final MemorySearch memory = bean(MemorySearch.class);

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("q", "top_k", "owner"));
        List<Map<String, Object>> results = memory.search(inv.caller(), a.optionalString("owner"), a.optionalString("q"),
                a.optionalInt("top_k", 1, MemorySearch.MAX_TOP_K)).stream().map(h -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", h.id());
                    m.put("score", Math.round(h.score() * 1e6) / 1e6);
                    m.put("summary", h.summary());
                    m.put("source", h.source());
                    m.put("created_at", h.createdAt().toString());
                    return m;
                }).toList();
        return Reply.ok(Map.of("results", results));
    }
}
