package io.jeeves.functions.memory;

import io.jeeves.llm.embedding.MemorySearch;
import io.jeeves.llm.embedding.VectorStore;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.JeevesHandler;
import io.jeeves.runtime.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * POST /v1/memory/documents {id?, owner?, text, summary?, source?}: a document embedded into the caller's memory
 * (an admin's into {@code owner}'s): 201, or 200 when the same document was written before under its id.
 */
public final class IndexMemoryHandler extends JeevesHandler {
    private final MemorySearch memory = bean(MemorySearch.class);

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("id", "owner", "text", "summary", "source"));
        MemorySearch.Indexed indexed = memory.index(inv.caller(), new MemorySearch.Document(a.optionalString("id"),
                a.optionalString("owner"), a.optionalString("text"), a.optionalString("summary"), a.optionalString("source")));
        VectorStore.Item item = indexed.item();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", item.id());
        out.put("summary", item.summary());
        out.put("source", item.source());
        out.put("dimensions", item.vector().length);
        out.put("created_at", item.createdAt().toString());
        return indexed.created() ? Reply.created(out) : Reply.ok(out);
    }
}
