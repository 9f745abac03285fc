package org.xmodal.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.xmodal.testing.PostgresResource;
import org.xmodal.testing.TeamFixture;
import org.xmodal.testing.TeamProfile;

/** The web UI of a team server in headless Chromium: sign in, make an API token, manage a member, sign out. */
@QuarkusTest
@TestProfile(TeamProfile.class)
@WithTestResource(PostgresResource.class)
class TeamUiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL root;

    @Inject
    TeamFixture team;

    private Browser browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void signInMakeATokenAddAMemberAndSignOut() {
        browser = Browser.start();
        var project = team.project("ui-lab");
        team.member(project, team.user("ui-owner", false), "owner");
        team.user("ui-student", false);

        browser.driver.get(root + "#/history");
        browser.await(WAIT).until(d -> d.getCurrentUrl().endsWith("#/login") && !d.findElements(By.name("username")).isEmpty());
        browser.screenshot("team-login");
        browser.driver.findElement(By.name("username")).sendKeys("ui-owner");
        browser.driver.findElement(By.name("password")).sendKeys("not the password");
        browser.driver.findElement(By.cssSelector("form.login button[type=submit]")).click();
        browser.await(WAIT).until(d -> String.valueOf(browser.js("const e = document.getElementById('login-message'); return e ? e.textContent : ''"))
                .contains("wrong user name or password"));
        browser.driver.findElement(By.name("password")).clear();
        browser.driver.findElement(By.name("password")).sendKeys(TeamFixture.PASSWORD);
        browser.driver.findElement(By.cssSelector("form.login button[type=submit]")).click();
        browser.await(WAIT).until(d -> d.getCurrentUrl().endsWith("#/history")
                && "true".equals(d.findElement(By.id("main")).getAttribute("data-ready")));
        assertThat(browser.driver.findElement(By.id("caller")).getText()).contains("ui-owner");

        browser.driver.get(root + "#/account");
        browser.await(WAIT).until(d -> !d.findElements(By.name("token-name")).isEmpty());
        browser.driver.findElement(By.name("token-name")).clear();
        browser.driver.findElement(By.name("token-name")).sendKeys("from the browser");
        browser.driver.findElement(By.cssSelector("form.inline button[type=submit]")).click();
        // the section is drawn anew after the token is made: read it by id each time, not through a held element
        browser.await(WAIT).until(d -> String.valueOf(browser.js("const e = document.getElementById('new-token'); return e ? e.textContent : ''"))
                .contains("xmd_"));
        assertThat(browser.driver.findElements(By.cssSelector("table.tokens tbody tr"))).hasSize(1);

        var member = browser.driver.findElement(By.cssSelector("article[data-project='ui-lab'] input[name=member]"));
        member.sendKeys("ui-student");
        browser.driver.findElement(By.cssSelector("article[data-project='ui-lab'] form button[type=submit]")).click();
        browser.await(WAIT).until(d -> String.valueOf(browser.js(
                "const e = document.querySelector(\"article[data-project='ui-lab'] table.members\"); return e ? e.textContent : ''"))
                .contains("ui-student"));
        browser.screenshot("team-account");

        browser.driver.get(root + "#/audit?project=" + project.id);
        browser.await(WAIT).until(d -> d.findElement(By.id("main")).getText().contains("member.set"));
        assertThat(browser.driver.findElement(By.id("main")).getText()).contains("ui-owner").contains("ui-student as viewer");

        browser.driver.findElement(By.cssSelector("#caller button.link")).click();
        browser.await(WAIT).until(d -> d.getCurrentUrl().endsWith("#/login"));
        browser.driver.get(root + "#/history");
        browser.await(WAIT).until(d -> d.getCurrentUrl().endsWith("#/login"));
    }
}
