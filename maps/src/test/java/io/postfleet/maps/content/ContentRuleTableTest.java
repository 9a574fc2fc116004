package io.postfleet.maps.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pcre_table(5) syntax Postfix sites already have, and first-match-wins as cleanup applies it. */
class ContentRuleTableTest {
  private static ContentRules headerRules(String table) {
    return new ContentRules(Map.of(ContentCheckKind.HEADER, ContentRuleTable.parse(table)));
  }

  private static Optional<ContentRules.Match> match(ContentRules rules, String line) {
    return rules.firstMatch(ContentCheckKind.HEADER, line);
  }

  @Test
  void aPostfixTableWithCommentsContinuationsAndActionsParses() {
    List<ContentRule> rules = ContentRuleTable.parse("""
        # header_checks
        /^Subject:.*viagra/     REJECT no pills here

        /^X-Mailer: (.*)spam/   PREPEND X-Flagged: $1 and ${1}
          (continued)
        !/^Received:/           dunno
        |^X-Evil: .*|           ignore
        """);
    assertEquals(4, rules.size());
    assertEquals(ContentAction.REJECT, rules.get(0).action());
    assertEquals("no pills here", rules.get(0).text());
    assertEquals("X-Flagged: $1 and ${1} (continued)", rules.get(1).text());
    assertEquals(ContentAction.DUNNO, rules.get(2).action());
    assertEquals("/^Subject:.*viagra/ REJECT no pills here", rules.get(0).tableLine());
  }

  @Test
  void patternsAreCaseInsensitiveUnlessTheIFlagTogglesIt() {
    ContentRules rules = headerRules("""
        /^Subject: exact/i   REJECT case matters
        /^subject: .*free/   REJECT anything goes
        """);
    assertEquals(Optional.empty(), match(rules, "Subject: EXACT"));
    assertEquals("case matters", match(rules, "Subject: exact").orElseThrow().text());
    assertEquals("anything goes", match(rules, "SUBJECT: Totally FREE").orElseThrow().text());
  }

  @Test
  void theFirstRuleThatMatchesWinsAndDunnoStopsTheLine() {
    ContentRules rules = headerRules("""
        /^From:.*@friend\\.example/  DUNNO
        /^From:/                    WARN from someone
        """);
    assertEquals(ContentAction.DUNNO, match(rules, "From: a@friend.example").orElseThrow().action());
    assertEquals(ContentAction.WARN, match(rules, "From: b@stranger.example").orElseThrow().action());
    assertEquals(Optional.empty(), match(rules, "To: c@example.org"));
  }

  @Test
  void aNegatedPatternAppliesWhereTheRegexDoesNotMatch() {
    ContentRules rules = headerRules("!/^(From|To|Subject|Date|Message-ID):/ IGNORE\n");
    assertEquals(ContentAction.IGNORE, match(rules, "X-Tracking: 42").orElseThrow().action());
    assertEquals(Optional.empty(), match(rules, "Subject: hello"));
  }

  @Test
  void groupsAndDollarsExpandInTheText() {
    ContentRules rules = headerRules("/^Subject: (.*)/ REPLACE Subject: [SPAM] $1 costs $$5 $(1)\n");
    assertEquals("Subject: [SPAM] hi costs $5 hi", match(rules, "Subject: hi").orElseThrow().text());
  }

  @Test
  void flagsToggleDotAllAndComments() {
    ContentRules rules = headerRules("""
        /^Subject: a.b/s          REJECT dotall
        /^X-Spaced:\\s\\d+ # digits/x REJECT comments
        """);
    assertEquals("dotall", match(rules, "Subject: a\nb").orElseThrow().text());
    assertEquals("comments", match(rules, "X-Spaced: 123").orElseThrow().text());
  }

  @Test
  void mimeHeaderRulesFallBackToHeaderRulesWhenThereAreNone() {
    ContentRules onlyHeader = headerRules("/^Content-Type:.*exe/ REJECT no programs\n");
    assertEquals("no programs", onlyHeader.firstMatch(ContentCheckKind.MIME_HEADER,
        "Content-Type: application/x-exe").orElseThrow().text());
    ContentRules both = new ContentRules(Map.of(ContentCheckKind.HEADER, ContentRuleTable.parse("/./ REJECT h\n"),
        ContentCheckKind.MIME_HEADER, ContentRuleTable.parse("/^x/ REJECT m\n")));
    assertEquals(Optional.empty(), both.firstMatch(ContentCheckKind.MIME_HEADER, "Content-Type: text/plain"));
  }

  @Test
  void everyBadLineIsReportedWithItsNumberAndNothingIsReturned() {
    InvalidContentRulesException e = assertThrows(InvalidContentRulesException.class, () -> ContentRuleTable.parse("""
        /^Subject: ok/ REJECT fine
        /^Subject: (unclosed/ REJECT
        /no action/
        /x/ FILTER smtp:[127.0.0.1]:10025
        /x/q DUNNO
        /(y)/ PREPEND
        /z/ WARN $2
        !/n/ WARN $1
        if /^Subject:/
        /no-end REJECT
        """));
    List<String> p = e.problems();
    assertEquals(9, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("line 2: bad regular expression"), p.get(0));
    assertTrue(p.get(1).startsWith("line 3: the rule has no action"), p.get(1));
    assertTrue(p.get(2).startsWith("line 4: unsupported action 'FILTER'"), p.get(2));
    assertTrue(p.get(3).startsWith("line 5: unknown pattern flag 'q'"), p.get(3));
    assertTrue(p.get(4).startsWith("line 6: PREPEND needs a text"), p.get(4));
    assertTrue(p.get(5).startsWith("line 7: $2 names a group"), p.get(5));
    assertTrue(p.get(6).startsWith("line 8: a negated pattern has no groups"), p.get(6));
    assertTrue(p.get(7).startsWith("line 9: if/endif"), p.get(7));
    assertTrue(p.get(8).startsWith("line 10: a rule is /regex/flags"), p.get(8));
  }
}
