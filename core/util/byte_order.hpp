// byte_order.hpp — loading integers of either byte order from unaligned bytes.
//
// Every multi-byte read in caplens goes through these (via SpanReader): memcpy into a value,
// never a cast onto a packed struct, so alignment and strict aliasing are never an issue.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace caplens {

enum class ByteOrder : std::uint8_t { Big, Little };

template <typename T>
[[nodiscard]] inline T loadRaw(const std::uint8_t* p) {
    T value;
    std::memcpy(&value, p, sizeof value);
    return value;
}

template <typename T>
[[nodiscard]] inline T byteSwap(T value) {
    if constexpr (sizeof(T) == 1) {
        return value;
    } else if constexpr (sizeof(T) == 2) {
        return static_cast<T>(__builtin_bswap16(static_cast<std::uint16_t>(value)));
    } else if constexpr (sizeof(T) == 4) {
        return static_cast<T>(__builtin_bswap32(static_cast<std::uint32_t>(value)));
    } else {
        static_assert(sizeof(T) == 8);
        return static_cast<T>(__builtin_bswap64(static_cast<std::uint64_t>(value)));
    }
}

// Loads a T stored in `order` at p (p need not be aligned).
template <typename T>
[[nodiscard]] inline T load(const std::uint8_t* p, ByteOrder order) {
    const T raw = loadRaw<T>(p);
    const bool hostIsLittle = std::endian::native == std::endian::little;
    const bool storedLittle = order == ByteOrder::Little;
    return hostIsLittle == storedLittle ? raw : byteSwap(raw);
}

[[nodiscard]] inline std::uint16_t loadBe16(const std::uint8_t* p) {
    return load<std::uint16_t>(p, ByteOrder::Big);
}
[[nodiscard]] inline std::uint32_t loadBe32(const std::uint8_t* p) {
    return load<std::uint32_t>(p, ByteOrder::Big);
}
[[nodiscard]] inline std::uint64_t loadBe64(const std::uint8_t* p) {
    return load<std::uint64_t>(p, ByteOrder::Big);
}
[[nodiscard]] inline std::uint16_t loadLe16(const std::uint8_t* p) {
    return load<std::uint16_t>(p, ByteOrder::Little);
}
[[nodiscard]] inline std::uint32_t loadLe32(const std::uint8_t* p) {
    return load<std::uint32_t>(p, ByteOrder::Little);
}
[[nodiscard]] inline std::uint64_t loadLe64(const std::uint8_t* p) {
    return load<std::uint64_t>(p, ByteOrder::Little);
}

}  // namespace caplens
