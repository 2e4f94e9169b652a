package io.jeeves.local;

import io.jeeves.catalog.FunctionSpec;
import io.jeeves.catalog.RouteSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches requests to routes the way API Gateway HTTP APIs do: the method must match, literal
 * segments must match exactly, {@code {name}} matches one segment, and a route with more literal
 * segments wins over one with parameters.
 */
final class RouteTable {
    record Route(FunctionSpec function, RouteSpec spec, String[] segments, int literals) {
    }

    record Match(FunctionSpec function, RouteSpec route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes = new ArrayList<>();

    RouteTable(List<FunctionSpec> functions) {
        for (FunctionSpec f : functions) {
            for (RouteSpec r : f.routes()) {
                String[] segs = split(r.path());
                int literals = 0;
                for (String s : segs) {
                    if (!s.startsWith("{")) {
                        literals++;
                    }
                }
                routes.add(new Route(f, r, segs, literals));
            }
        }
        routes.sort(Comparator.comparingInt((Route r) -> -r.literals()));
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    Optional<Match> match(String method, String rawPath) {
        String[] segs = split(rawPath);
        for (Route r : routes) {
            if (!r.spec().method().equalsIgnoreCase(method) || r.segments().length != segs.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < segs.length && ok; i++) {
                String t = r.segments()[i];
                if (t.startsWith("{")) {
                    String value = URLDecoder.decode(segs[i], StandardCharsets.UTF_8);
                    ok = !value.isEmpty();
                    params.put(t.substring(1, t.length() - 1), value);
                } else {
                    ok = t.equals(segs[i]);
                }
            }
            if (ok) {
                return Optional.of(new Match(r.function(), r.spec(), params));
            }
        }
        return Optional.empty();
    }
}
