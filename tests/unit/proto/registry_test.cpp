// Walks the registry: every abbreviation unique and prefixed by its protocol, every bitmask
// within its field's width, no two flags of one group on the same bit, every hand-off sound.
#include "core/proto/registry.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace caplens::proto {
namespace {

TEST(Registry, RegistersWithoutProblems) {
    const Registry& r = registry();
    for (const auto& problem : r.problems()) ADD_FAILURE() << problem;
    EXPECT_GT(r.protocolCount(), 5u);
}

TEST(Registry, AbbreviationsAreUniqueAndPrefixedByTheirProtocol) {
    const Registry& r = registry();
    std::set<std::string_view> seen;
    for (FieldId id = 0; id < r.fieldCount(); ++id) {
        const FieldDef& def = r.field(id);
        EXPECT_TRUE(seen.insert(def.abbrev).second) << "duplicate " << def.abbrev;
        const std::string_view protocol = r.protocol(r.protocolOfField(id)).info().abbrev;
        if (def.type == FieldType::Protocol) {
            EXPECT_EQ(def.abbrev, protocol);
            continue;
        }
        const bool prefixed = def.abbrev.size() > protocol.size() && def.abbrev.substr(0, protocol.size()) == protocol &&
                              def.abbrev[protocol.size()] == '.';
        EXPECT_TRUE(prefixed) << def.abbrev << " is not prefixed by " << protocol << ".";
        EXPECT_FALSE(def.name.empty()) << def.abbrev << " has no label";
    }
}

TEST(Registry, BitmasksFitTheirFieldWidth) {
    const Registry& r = registry();
    for (FieldId id = 0; id < r.fieldCount(); ++id) {
        const FieldDef& def = r.field(id);
        if (def.bitmask == 0) continue;
        const unsigned width = fieldWidth(def.type);
        if (width == 0) {
            EXPECT_TRUE(def.type == FieldType::Bool) << def.abbrev << ": only integers and flags take a bitmask";
            continue;
        }
        if (width < 8) EXPECT_EQ(def.bitmask >> (8 * width), 0u) << def.abbrev << " mask exceeds " << width << " bytes";
    }
}

// Flags that share a parent name ("tcp.flags.syn", "tcp.flags.ack") describe bits of one
// container: no two may claim the same bit.
TEST(Registry, SiblingFlagsDoNotOverlap) {
    const Registry& r = registry();
    std::map<std::string, std::vector<const FieldDef*>> groups;
    for (FieldId id = 0; id < r.fieldCount(); ++id) {
        const FieldDef& def = r.field(id);
        if (def.type != FieldType::Bool || def.bitmask == 0) continue;
        const auto dot = def.abbrev.rfind('.');
        groups[std::string(def.abbrev.substr(0, dot))].push_back(&def);
    }
    for (const auto& [group, flags] : groups) {
        for (std::size_t i = 0; i < flags.size(); ++i) {
            for (std::size_t j = i + 1; j < flags.size(); ++j) {
                EXPECT_EQ(flags[i]->bitmask & flags[j]->bitmask, 0u)
                    << flags[i]->abbrev << " and " << flags[j]->abbrev << " share bits";
            }
        }
    }
}

TEST(Registry, HandoffsReachRegisteredTables) {
    const Registry& r = registry();
    for (const char* table : {"linktype", "ethertype", "ip.proto", "tcp.port", "udp.port"}) {
        EXPECT_NE(r.findTable(table), nullptr) << table;
    }
    EXPECT_EQ(r.findTable("ethertype")->find(0x0800), r.findProtocol("ip"));
    EXPECT_EQ(r.findTable("ip.proto")->find(6), r.findProtocol("tcp"));
}

}  // namespace
}  // namespace caplens::proto
