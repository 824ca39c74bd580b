package io.cellsprobe.support;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads single samples out of the Prometheus text exposition, as Prometheus itself would see them. */
public final class Scrapes {

    private Scrapes() {
    }

    public static String metricsText(URL metrics) {
        return given().accept("text/plain; version=0.0.4").get(metrics).then().statusCode(200).extract().asString();
    }

    /**
     * The value of the sample with exactly this name and these labels (given as {@code a="x",b="y"}
     * in any order), or empty when it is not exposed.
     */
    public static OptionalDouble sample(String text, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(text);
        while (matcher.find()) {
            String found = matcher.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all && found.split("=\"").length - 1 == labels.length) {
                return OptionalDouble.of(Double.parseDouble(matcher.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    public static double value(URL metrics, String name, String... labels) {
        return sample(metricsText(metrics), name, labels).orElseThrow(
                () -> new AssertionError("no sample " + name + String.join(",", labels)));
    }
}
