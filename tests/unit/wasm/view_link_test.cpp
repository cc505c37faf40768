// Links to a view (wasm/view_link.*): the fragment the page copies, read back; hostile
// fragments refused with a message; the fingerprint of the bundled sample as the session
// computes it from two reads on its own channel.
#include "wasm/view_link.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "tests/unit/wasm/session_fixture.hpp"

namespace caplens::wasm {
namespace {

ViewLink sampleLink() {
    ViewLink link;
    link.capture = {"trace one.pcapng", 4428, 28, "0123456789abcdef"};
    link.view = {{"filter", "ip.addr == 10.0.0.0/8 && http.request.uri contains \"a&b=c#d%\""},
                 {"frame", "17"},
                 {"sort", "length.desc"},
                 {"tab.conversations", "tcp"},
                 {"windows", "conversations,expert"}};
    return link;
}

std::string problem(std::string_view fragment) {
    const auto parsed = parseViewLink(fragment);
    const auto* error = std::get_if<ViewLinkError>(&parsed);
    return error != nullptr ? error->message : "(a link)";
}

TEST(ViewLink, WhatThePageCopiesReadsBackTheSame) {
    const ViewLink link = sampleLink();
    const std::string fragment = encodeViewLink(link);
    EXPECT_EQ(fragment.rfind("view=1&name=trace%20one.pcapng&size=4428&frames=28&hash=0123456789abcdef&", 0), 0u)
        << fragment;
    EXPECT_EQ(fragment.find_first_of(" #\"="), fragment.find('=')) << "only the separators are left unescaped";
    const auto parsed = parseViewLink("#" + fragment);
    ASSERT_TRUE(std::holds_alternative<ViewLink>(parsed)) << problem("#" + fragment);
    const ViewLink& back = std::get<ViewLink>(parsed);
    EXPECT_EQ(back.view, link.view);
    EXPECT_EQ(back.capture.name, link.capture.name);
    EXPECT_EQ(back.capture.size, 4428u);
    EXPECT_EQ(back.capture.frames, 28u);
    EXPECT_EQ(back.capture.hash, link.capture.hash);
}

TEST(ViewLink, AFragmentThatIsNoViewLinkIsNotAProblem) {
    EXPECT_EQ(problem(""), "");
    EXPECT_EQ(problem("#section-2"), "");
}

TEST(ViewLink, HostileFragmentsAreRefusedWithAReason) {
    EXPECT_EQ(problem("view=2&name=x"), "This link was made by another version of caplens (view=2).");
    EXPECT_EQ(problem("view=1&name=x&size=12&frames=3"),
              "The link is damaged: it does not say which capture it is for.");
    EXPECT_EQ(problem("view=1&name=x&size=-1&frames=3&hash=0123456789abcdef"),
              "The link is damaged: it does not say which capture it is for.");
    EXPECT_EQ(problem("view=1&filter=%zz"), "The link is damaged: a broken %-escape in \"filter=%zz\".");
    EXPECT_EQ(problem("view=1&filter=%4"), "The link is damaged: a broken %-escape in \"filter=%4\".");
    EXPECT_EQ(problem(std::string(kMaxViewLinkLength + 1, 'a')).rfind("The link is too long", 0), 0u);
}

TEST(ViewLink, AMismatchSaysWhatDiffers) {
    const CaptureFingerprint link{"a.pcap", 100, 5, "0123456789abcdef"};
    EXPECT_EQ(fingerprintMismatch(link, {"other name.pcap", 100, 5, "0123456789abcdef"}), "");
    EXPECT_EQ(fingerprintMismatch(link, {"a.pcap", 120, 5, "0123456789abcdef"}),
              "it has 120 bytes, the link's capture 100");
    EXPECT_EQ(fingerprintMismatch(link, {"a.pcap", 100, 6, "0123456789abcdef"}), "it has 6 frames, the link's capture 5");
    EXPECT_EQ(fingerprintMismatch(link, {"a.pcap", 100, 5, "fedcba9876543210"}),
              "its content differs from the link's capture");
}

TEST(EdgesHash, IsFnv1a64) {
    EdgesHash empty;
    EXPECT_EQ(empty.hex(), "cbf29ce484222325");
    EdgesHash a;
    const std::uint8_t letter = 'a';
    a.add(&letter, 1);
    EXPECT_EQ(a.hex(), "af63dc4c8601ec8c");  // FNV-1a 64 of "a" (the algorithm's published test vector)
}

using SessionFingerprint = test::SampleSession;

TEST_F(SessionFingerprint, IdentifiesTheCaptureOnceRead) {
    EXPECT_FALSE(m_session->fingerprint().has_value());
    ASSERT_TRUE(runUntil([&] { return m_session->fingerprint().has_value(); }));
    const CaptureFingerprint print = *m_session->fingerprint();
    EXPECT_EQ(print.name, "sample.pcapng");
    EXPECT_EQ(print.size, m_bytes.size());
    EXPECT_EQ(print.frames, m_session->frameCount());
    // The sample is smaller than kEdgeBytes: its first and its last part are the whole file.
    ASSERT_LT(m_bytes.size(), kEdgeBytes);
    EdgesHash expected;
    expected.add(m_bytes.data(), m_bytes.size());
    expected.add(m_bytes.data(), m_bytes.size());
    EXPECT_EQ(print.hash, expected.hex());
}

}  // namespace
}  // namespace caplens::wasm
