package io.jeeves.catalog;

import java.util.List;

/**
 * An HTTP API route.
 *
 * @param scopes the token must carry at least one of these (API Gateway's authorizationScopes); empty: any valid token
 * @param successStatus the status of a successful reply
 */
public record RouteSpec(String method, String path, List<String> scopes, int successStatus) {

    /** The API Gateway route key, e.g. {@code GET /v1/processes/{pid}}. */
    public String routeKey() {
        return method + " " + path;
    }
}
