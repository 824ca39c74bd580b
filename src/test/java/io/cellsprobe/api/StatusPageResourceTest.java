package io.cellsprobe.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.cellsprobe.api.StatusPageResource.StatusPage;
import io.cellsprobe.config.Target;
import io.cellsprobe.config.Targets;
import io.cellsprobe.history.ProbeHistory;
import io.cellsprobe.probe.FailureReason;
import io.cellsprobe.probe.Phase;
import io.cellsprobe.probe.ProbeFailure;
import io.cellsprobe.probe.ProbeResult;
import io.cellsprobe.status.TargetStatus;
import io.cellsprobe.support.CellsLikeServerResource;
import io.cellsprobe.testing.TestTargets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(CellsLikeServerResource.class)
class StatusPageResourceTest {

    @Test
    void pageShowsEveryTargetWithItsStateChartAndProbeButton() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Element acc = page().selectFirst("article[data-target=acc]");
            assertThat(acc).isNotNull();
            assertThat(acc.selectFirst(".badge").text()).isEqualTo("UP");
            assertThat(acc.selectFirst(".flavor").text()).isEqualTo("dex-password");
            assertThat(acc.selectFirst("a.url").text()).startsWith("http://127.0.0.1:");
            assertThat(acc.select("svg.chart path.series").eachAttr("class"))
                    .contains("series phase-token", "series phase-user", "series phase-total");
            assertThat(acc.selectFirst("path.phase-total").attr("d")).matches("M[0-9.]+ [0-9.]+h0.*");
            Element form = acc.selectFirst("form");
            assertThat(form.attr("method")).isEqualTo("post");
            assertThat(form.attr("action")).isEqualTo("/targets/acc/probe");
        });
    }

    @Test
    void pageReloadsItselfAndNeitherRunsNorLoadsAnything() {
        given().get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Cache-Control", equalTo("no-store"));
        Document page = page();

        assertThat(page.selectFirst("meta[http-equiv=refresh]").attr("content")).isEqualTo("10");
        assertThat(page.select("script, link, img, iframe, object, embed, [style]")).isEmpty();
        assertThat(page.select("[src]")).isEmpty();
    }

    @Test
    void oddTextIsEscaped() {
        Target odd = TestTargets.at("http://127.0.0.1:9/cells?a=1&b=2").name("odd").build();
        String detail = "<script>alert('x')</script> & \"quoted\" </article>{target.name}";
        TargetStatus before = TargetStatus.initial(odd);
        TargetStatus after = before.next(result(odd, Optional.of(new ProbeFailure(Phase.TOKEN, FailureReason.INTERNAL,
                detail, false))));
        ProbeHistory history = new ProbeHistory(new Targets(List.of(odd)));
        history.onProbe(before, after);

        String html = StatusPage.of(List.of(after), history, Instant.now()).render();

        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        Document page = Jsoup.parse(html);
        assertThat(page.select("article")).hasSize(1);
        assertThat(page.selectFirst("article[data-target=odd] .detail").text()).isEqualTo(detail);
        assertThat(page.selectFirst("a.url").attr("href")).isEqualTo("http://127.0.0.1:9/cells?a=1&b=2");
        assertThat(html).contains("href=\"http://127.0.0.1:9/cells?a=1&amp;b=2\"");
    }

    @Test
    void targetsThatNeedAPersonComeFirst() {
        TargetStatus up = failures(TestTargets.at("http://127.0.0.1:9").name("a-up").build(), FailureReason.CONNECT, 0);
        TargetStatus down = failures(TestTargets.at("http://127.0.0.1:9").name("b-down").build(), FailureReason.CONNECT, 3);
        TargetStatus suspended = failures(TestTargets.at("http://127.0.0.1:9").name("c-suspended").build(),
                FailureReason.CREDENTIALS_REJECTED, 3);
        TargetStatus pending = TargetStatus.initial(TestTargets.at("http://127.0.0.1:9").name("d-pending").build());
        ProbeHistory history = new ProbeHistory(new Targets(List.of()));

        StatusPage page = StatusPage.of(List.of(up, down, suspended, pending), history, Instant.now());

        assertThat(page.targets()).extracting(TargetView::name)
                .containsExactly("b-down", "c-suspended", "d-pending", "a-up");
        assertThat(page.title()).isEqualTo("1 DOWN, 1 SUSPENDED, 1 PENDING, 1 UP - Cells login probe");
    }

    /** The status after a success and then {@code count} failures for {@code reason}. */
    private static TargetStatus failures(Target target, FailureReason reason, int count) {
        TargetStatus status = TargetStatus.initial(target).next(result(target, Optional.empty()));
        for (int i = 0; i < count; i++) {
            status = status.next(result(target, Optional.of(new ProbeFailure(Phase.TOKEN, reason, "failed",
                    reason == FailureReason.CREDENTIALS_REJECTED))));
        }
        return status;
    }

    private static ProbeResult result(Target target, Optional<ProbeFailure> failure) {
        return new ProbeResult(target.name(), Instant.now(), failure, Map.of(Phase.TOTAL, Duration.ofMillis(3)), Map.of(),
                OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    private static Document page() {
        return Jsoup.parse(given().get("/").then().statusCode(200).extract().asString());
    }
}
