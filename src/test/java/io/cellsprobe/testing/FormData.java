package io.cellsprobe.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes what the probe encodes, independently of the probe's code. */
public final class FormData {

    private FormData() {
    }

    /** An {@code application/x-www-form-urlencoded} body as an ordered map; a repeated field is an error. */
    public static Map<String, String> parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (fields.put(name, value) != null) {
                throw new AssertionError("form field " + name + " sent twice");
            }
        }
        return fields;
    }

    /**
     * The client id and secret of a Basic header encoded per RFC 6749 2.3.1, decoded the way Dex does:
     * Base64, split on the first ':', then URL-decode each part.
     */
    public static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            throw new AssertionError("not a Basic Authorization header: " + authorization);
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new AssertionError("Basic credentials without ':'");
        }
        return new String[] { decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1)) };
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
