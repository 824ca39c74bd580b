package io.cellsprobe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.cellsprobe.support.HeadlessChromium;
import io.cellsprobe.support.PackagedMonitor;
import io.cellsprobe.testing.CellsLikeServer.Account;
import io.cellsprobe.testing.CellsV1Server;

/**
 * The status page in a real browser, as an operator opens it: the packaged monitor with a healthy
 * target (a Cells-like server) and a broken one (a closed port), rendered by headless Chromium. The
 * screenshot stays in {@code target/status-page.png}.
 */
class StatusPageBrowserIT {

    private static final Path SCREENSHOT = Path.of("target", "status-page.png");
    /** The badge and border colours of UP and DOWN in the page's style sheet. */
    private static final int UP_GREEN = 0x1a7f37;
    private static final int DOWN_RED = 0xc62828;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void browserShowsTheHealthyAndTheBrokenTargetWithStateReasonAndChart() throws Exception {
        HeadlessChromium.requireInstalled();
        CellsV1Server cells = CellsV1Server.healthy(Account.MONITOR);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        List<String> properties = new ArrayList<>(List.of("cells-probe.warm-up-requests=0"));
        properties.addAll(target("healthy", cells.url(), Account.MONITOR.apiSecret(), Account.MONITOR.password()));
        properties.addAll(target("broken", "http://127.0.0.1:" + closedPort, "unused-secret", "unused-password"));
        properties.add("cells-probe.targets.broken.failure-threshold=1");
        try (PackagedMonitor monitor = PackagedMonitor.start(properties)) {
            URI page = URI.create("http://127.0.0.1:" + monitor.httpPort + "/");
            // The history keeps one sample per 10 s: two of them make a line.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> totalPoints(article(Jsoup.parse(fetch(page)), "healthy")) >= 2);

            Document dom = Jsoup.parse(HeadlessChromium.dumpDom(page));

            assertThat(dom.title()).isEqualTo("1 DOWN, 1 UP - Cells login probe");
            assertThat(dom.select("article").eachAttr("data-target")).as("problems first")
                    .containsExactly("broken", "healthy");
            Element healthy = article(dom, "healthy");
            assertThat(healthy.selectFirst(".badge").text()).isEqualTo("UP");
            assertThat(healthy.select(".problem")).isEmpty();
            assertThat(totalPoints(healthy)).isGreaterThanOrEqualTo(2);
            assertThat(healthy.select("svg.chart path.series").eachAttr("class")).contains("series phase-token",
                    "series phase-user", "series phase-total");
            Element broken = article(dom, "broken");
            assertThat(broken.selectFirst(".badge").text()).isEqualTo("DOWN");
            assertThat(broken.selectFirst(".problem .reason").text()).isEqualTo("connect");
            assertThat(broken.selectFirst(".problem").text()).contains("in phase token");
            assertThat(broken.select("svg.chart rect.failure")).isNotEmpty();
            assertThat(broken.selectFirst("form").attr("action")).isEqualTo("/targets/broken/probe");

            HeadlessChromium.screenshot(page, SCREENSHOT, 1280, 900);
            BufferedImage screenshot = ImageIO.read(SCREENSHOT.toFile());
            assertThat(screenshot.getWidth()).isEqualTo(1280);
            // The style sheet applied (the page's own policy allows its inline style): state colours show.
            assertThat(pixelsOfColour(screenshot, UP_GREEN)).as("UP green pixels").isGreaterThan(500);
            assertThat(pixelsOfColour(screenshot, DOWN_RED)).as("DOWN red pixels").isGreaterThan(500);
        } finally {
            cells.stop();
        }
    }

    private static List<String> target(String name, String url, String apiSecret, String password) {
        String prefix = "cells-probe.targets." + name + ".";
        return List.of(prefix + "url=" + url, prefix + "api-key=" + Account.MONITOR.apiKey(),
                prefix + "api-secret=" + apiSecret, prefix + "username=" + Account.MONITOR.username(),
                prefix + "password=" + password, prefix + "interval=2s", prefix + "timeout=1500ms");
    }

    private String fetch(URI page) throws Exception {
        return http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Element article(Document page, String target) {
        Element article = page.selectFirst("article[data-target=" + target + "]");
        assertThat(article).as("the card of target " + target).isNotNull();
        return article;
    }

    /** The points of the whole-probe line: one per move or line command of its path. */
    private static long totalPoints(Element article) {
        return article.select("path.phase-total").attr("d").chars().filter(c -> c == 'M' || c == 'L').count();
    }

    private static int pixelsOfColour(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (close(image.getRGB(x, y), rgb)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Within a few steps per channel: the browser may blend edges and round colours. */
    private static boolean close(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((argb >> shift) & 0xff) - ((rgb >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }
}
