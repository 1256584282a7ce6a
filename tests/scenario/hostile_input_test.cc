// Hostile and broken input: each must end in a ScenarioError with a located message, never a
// crash, a hang or unbounded memory (docs/scenario-format.md, "Limits").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/scenario/limits.h"
#include "sim/scenario/loader.h"
#include "tests/scenario/scenario_text.h"

namespace bmd::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kHead = "scenario: {name: h, start: 2027-01-01T00:00:00Z, duration: 1 h}\n";

std::string ErrorOf(const std::string& text) {
  try {
    LoadScenarioString(text, "h.yaml", testing::kFixtureDir);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ScenarioError";
  return {};
}

TEST(HostileInput, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(ErrorOf(""), "h.yaml:1:1: scenario file is empty");
  EXPECT_EQ(ErrorOf("# just a comment\n\n   \n"), "h.yaml:1:1: scenario file is empty");
  EXPECT_EQ(ErrorOf("~\n"), "h.yaml:1:1: scenario file is empty");
}

TEST(HostileInput, NotAMappingAtTheTop) {
  EXPECT_THAT(ErrorOf("- a\n- b\n"),
              StartsWith("h.yaml:1:1: expected a mapping with keys scenario, catalog"));
  EXPECT_THAT(ErrorOf("just text\n"), HasSubstr("got 'just text'"));
}

TEST(HostileInput, BinaryJunkAndInvalidUtf8) {
  const std::string elf(
      "\x7f"
      "ELF\x02\x01\x01\x00\x00\x00",
      10);
  EXPECT_EQ(ErrorOf(elf), "h.yaml:1:1: control character 0x7F is not allowed");
  EXPECT_EQ(ErrorOf(kHead + "# caf\xe9\n"),
            "h.yaml:2:6: invalid UTF-8 byte 0xE9 (the file must be UTF-8 text; is this a binary "
            "file?)");
  EXPECT_THAT(ErrorOf(std::string("a: b\x00", 5)), HasSubstr("h.yaml:1:5: control character 0x00"));
  // Overlong encoding of '/' and a UTF-16 surrogate are not valid UTF-8.
  EXPECT_THAT(ErrorOf("a: \xc0\xaf\n"), HasSubstr("h.yaml:1:4: invalid UTF-8 byte 0xC0"));
  EXPECT_THAT(ErrorOf("a: \xed\xa0\x80\n"), HasSubstr("h.yaml:1:4: invalid UTF-8 byte 0xED"));
  // Valid multi-byte UTF-8 text is fine.
  EXPECT_NO_THROW(LoadScenarioString(
      "scenario: {name: \"Übung 한국\", start: 2027-01-01T00:00:00Z, duration: 1 h}\n"));
}

TEST(HostileInput, YamlSyntaxErrorIsLocated) {
  EXPECT_EQ(ErrorOf("scenario: {name: x\n"),
            "h.yaml:2:1: YAML syntax error: end of map flow not found");
  EXPECT_THAT(ErrorOf("a: 'unterminated\n"), StartsWith("h.yaml:"));
}

TEST(HostileInput, DeepFlowNestingRefusedBeforeParsing) {
  const std::string deep = "a: " + std::string(100000, '[');
  EXPECT_EQ(ErrorOf(deep),
            "h.yaml:1:104: YAML nesting is deeper than 100 levels; scenario data "
            "never nests this deep");
  std::string dashes;
  for (int i = 0; i < 5000; ++i) dashes += "- ";
  EXPECT_THAT(ErrorOf(dashes + "x\n"), HasSubstr("nesting is deeper than 100 levels"));
}

TEST(HostileInput, ModerateNestingRefusedAfterParsing) {
  // 50 levels pass the pre-parse estimate (100) but not the tree check (32).
  const std::string text = kHead + "record: " + std::string(50, '[') + std::string(50, ']') + "\n";
  EXPECT_THAT(ErrorOf(text), HasSubstr("YAML nesting is deeper than 32 levels"));
}

TEST(HostileInput, DeepBlockNestingTranslatesYamlCppRecursionError) {
  // Block mappings nested by indentation are not in the pre-parse estimate: yaml-cpp's own
  // DeepRecursion guard fires, and its "bad file" message is replaced by ours.
  std::string text;
  for (int i = 0; i < 1200; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  const std::string error = ErrorOf(text);
  EXPECT_THAT(error, HasSubstr("YAML nesting is too deep"));
  EXPECT_THAT(error, StartsWith("h.yaml:"));
}

TEST(HostileInput, OversizedFileRefusedBeforeParsing) {
  std::string big = kHead;
  big += "# ";
  big.append(ScenarioLimits::kMaxFileBytes, 'x');
  big += '\n';
  EXPECT_EQ(ErrorOf(big), "h.yaml:1:1: scenario file is " + std::to_string(big.size()) +
                              " bytes; the limit is 4194304 bytes (4096 KiB)");
}

TEST(HostileInput, OversizedFileOnDiskRefusedBeforeReading) {
  const std::string path = std::string(BMD_BINARY_DIR) + "/tests/hostile_big.yaml";
  {
    std::ofstream out(path, std::ios::binary);
    out.seekp(static_cast<std::streamoff>(ScenarioLimits::kMaxFileBytes));  // sparse file
    out.put('\n');
  }
  try {
    LoadScenarioFile(path);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), HasSubstr(":1:1: scenario file: file is 4194305 bytes; the limit"));
  }
  std::filesystem::remove(path);
  // Not a regular file.
  EXPECT_THROW(LoadScenarioFile("/dev/zero"), ScenarioError);
  EXPECT_THROW(LoadScenarioFile(std::string(BMD_SOURCE_DIR) + "/tests"), ScenarioError);
}

TEST(HostileInput, HugeNumbersNanInfNegative) {
  EXPECT_EQ(ErrorOf("scenario: {name: h, start: 2027-01-01T00:00:00Z, duration: 1e400 s}\n"),
            "h.yaml:1:60: scenario.duration: '1e400' is too large a number");
  EXPECT_EQ(ErrorOf("scenario: {name: h, start: 2027-01-01T00:00:00Z, duration: .nan s}\n"),
            "h.yaml:1:60: scenario.duration: '.nan s' is not a finite number (NaN and Inf are "
            "not allowed)");
  EXPECT_EQ(ErrorOf("scenario: {name: h, start: 2027-01-01T00:00:00Z, duration: -.inf}\n"),
            "h.yaml:1:60: scenario.duration: '-.inf' is not a finite number (NaN and Inf are "
            "not allowed)");
  EXPECT_EQ(ErrorOf("scenario: {name: h, start: 2027-01-01T00:00:00Z, duration: -1 h}\n"),
            "h.yaml:1:60: scenario.duration: duration must be > 0 and at most 24 h; got -3600 s");
  EXPECT_EQ(ErrorOf(kHead + "record: {truth: 1e306 h}\n"),
            "h.yaml:2:17: record.truth: '1e306 h' is out of range");
  EXPECT_EQ(ErrorOf("scenario: {name: h, start: 2027-01-01T00:00:00Z, duration: 1 h, "
                    "seed: 99999999999999999999}\n"),
            "h.yaml:1:71: scenario.seed: '99999999999999999999' does not fit in 64 bits "
            "(max 18446744073709551615)");
}

TEST(HostileInput, MillionThreatsRefusedBeforeConverting) {
  std::string text = kHead + "threats: [";
  text.reserve(3'200'000);
  for (int i = 0; i < 1'000'000; ++i) text += "{},";
  text += "]\n";
  ASSERT_LT(text.size(), ScenarioLimits::kMaxFileBytes);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(ErrorOf(text), "h.yaml:2:10: threats: 1000000 threats exceed the limit of 10000");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Parsing 3 MB takes ~1 s here; converting a million threats would take far longer.
  EXPECT_LT(seconds, 20.0);
}

TEST(HostileInput, AliasBombRefused) {
  // Ten levels of ten aliases each: 10^10 nodes once expanded; yaml-cpp shares them, but any
  // walk of the tree would not end. The node budget stops it.
  std::string text = kHead + "x0: &a0 [y, y, y, y, y, y, y, y, y, y]\n";
  for (int level = 1; level <= 10; ++level) {
    const std::string prev = "*a" + std::to_string(level - 1);
    text += "x";
    text += std::to_string(level);
    text += ": &a";
    text += std::to_string(level);
    text += " [";
    for (int k = 0; k < 10; ++k) {
      if (k > 0) text += ", ";
      text += prev;
    }
    text += "]\n";
  }
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_THAT(ErrorOf(text), HasSubstr("the YAML expands to more than 4000000 nodes"));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 20.0);
}

TEST(HostileInput, InputsThatHangYamlCppLoadAll) {
  // yaml-cpp 0.7's LoadAll loops forever (allocating) on these (yaml-cpp issue #1040; the
  // fuzzer found ",&e"). A hang here shows up as the test timing out.
  for (const char* text : {",", ",&e", ",\n", "- !+(.,.)", "[:", "{:", "[:]", "{:]", "a: 1\n,"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(ErrorOf(text), StartsWith("h.yaml:"));
  }
  EXPECT_EQ(ErrorOf(",&e"), "h.yaml:1:1: YAML syntax error: unexpected ',' here");
}

TEST(HostileInput, MultipleDocumentsRefused) {
  EXPECT_EQ(ErrorOf(kHead + "---\n" + kHead),
            "h.yaml:2:1: scenario file holds 2 YAML documents ('---'); expected exactly one");
}

TEST(HostileInput, OddKeysAndLongText) {
  EXPECT_THAT(ErrorOf(kHead + "{a: 1}: x\n"), HasSubstr("h.yaml:2:1: keys must be plain names"));
  const std::string long_key(1000, 'k');  // YAML caps implicit keys at 1024
  const std::string error = ErrorOf(kHead + long_key + ": 1\n");
  // The key is quoted but cut short, so the message stays small.
  EXPECT_LT(error.size(), 400u);
  EXPECT_THAT(error, HasSubstr("unknown key 'kkkkk"));
  EXPECT_THAT(ErrorOf(kHead + "nations: {\"U S\": {}}\n"), HasSubstr("nation ids must be"));
}

TEST(HostileInput, CatalogPathThatIsADirectoryOrDevice) {
  EXPECT_THAT(ErrorOf(kHead + "catalog: [/dev/zero]\n"),
              HasSubstr("catalog[0]: catalog '/dev/zero' is not a regular file"));
  EXPECT_THAT(ErrorOf(kHead + "catalog: [.]\n"), HasSubstr("is not a regular file"));
  EXPECT_THAT(ErrorOf(kHead + "catalog: [catalog/threats.yaml, ./catalog/threats.yaml]\n"),
              HasSubstr("catalog[1]: catalog file './catalog/threats.yaml' is listed twice"));
}

}  // namespace
}  // namespace bmd::sim
