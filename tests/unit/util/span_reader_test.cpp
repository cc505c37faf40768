#include "core/util/span_reader.hpp"

#include <gtest/gtest.h>

#include <array>

namespace caplens {
namespace {

TEST(SpanReader, ReadsBothByteOrders) {
    const std::array<std::uint8_t, 8> bytes{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
    SpanReader big(bytes, ByteOrder::Big);
    EXPECT_EQ(big.u16(), 0x1234);
    EXPECT_EQ(big.u32(), 0x56789abcu);
    SpanReader little(bytes, ByteOrder::Little);
    EXPECT_EQ(little.u64(), 0xf0debc9a78563412ull);
    EXPECT_TRUE(little.ok());
    EXPECT_TRUE(little.atEnd());
}

TEST(SpanReader, OverrunLatchesAndReturnsZero) {
    const std::array<std::uint8_t, 3> bytes{1, 2, 3};
    SpanReader in(bytes);
    EXPECT_EQ(in.u16(), 0x0102);
    EXPECT_EQ(in.u16(), 0);  // only one byte left
    EXPECT_TRUE(in.overrun());
    EXPECT_EQ(in.u8(), 0);   // stays failed, never reads past the end
    EXPECT_TRUE(in.take(1).empty());
}

TEST(SpanReader, TakeSkipSeekAndPeek) {
    const std::array<std::uint8_t, 6> bytes{'a', 'b', 'c', 0, 1, 2};
    SpanReader in(bytes);
    EXPECT_EQ(in.takeString(3), "abc");
    EXPECT_EQ(in.peek<std::uint16_t>(), 0x0001);
    EXPECT_EQ(in.peek<std::uint32_t>(), 0u);  // would pass the end: zero, no overrun
    EXPECT_TRUE(in.ok());
    in.skip(2);
    EXPECT_EQ(in.remaining(), 1u);
    in.seek(1);
    EXPECT_EQ(in.u8(), 'b');
    in.seek(7);
    EXPECT_TRUE(in.overrun());
}

}  // namespace
}  // namespace caplens
