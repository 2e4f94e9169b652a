package io.jeeves.functions.kernel;

import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** ListProcesses: filtered by state and user, paginated with an opaque next_token. */
public final class ListProcessesHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("state", "user_id", "limit", "next_token");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        String state = blankToNull(a.optionalString("state"));
        return Reply.ok(Views.page(kernel.processes().list(inv.caller(),
                state == null ? null : ProcessState.parse(state, "state"), blankToNull(a.optionalString("user_id")),
                a.optionalInt("limit", 1, ProcessService.MAX_PAGE), blankToNull(a.optionalString("next_token"))), now()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
