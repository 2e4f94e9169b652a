package io.jeeves.governance.policy;

import io.jeeves.kernel.service.Ids;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The facts of a directive that the gate looks at. Requested tools are kept sorted and distinct (a null
 * name becomes empty, which no allowlist holds), so the order a caller lists them in never matters.
 *
 * @param directiveId path-safe, required
 * @param role the directive's target role; carried, not judged
 * @param type the directive's type (its module); carried, not judged
 * @param scope the directive's scope; blank or null is blocked by {@code scope_allowlist}
 * @param budget the directive's budget as written; null when it has none (blocked)
 * @param requestedTools the tools the directive asks for; null means none
 */
public record PolicyInput(String directiveId, String role, String type, String scope, String budget,
        List<String> requestedTools) {
    public PolicyInput {
        Ids.pathId("directive_id", directiveId);
        TreeSet<String> tools = new TreeSet<>();
        if (requestedTools != null) {
            requestedTools.forEach(t -> tools.add(Objects.toString(t, "").strip()));
        }
        requestedTools = List.copyOf(tools);
    }
}
