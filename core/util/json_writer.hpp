// json_writer.hpp — a small streaming JSON writer (compact output, valid UTF-8 assumed
// for strings; control characters and invalid bytes are escaped).
//
//   JsonWriter w;
//   w.beginObject().key("frames").value(24).key("error").null().endObject();
//   std::string text = w.take();
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace caplens {

class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(unsigned number) { return value(static_cast<std::uint64_t>(number)); }
    // Doubles are written with up to 9 significant decimals after the point, trailing zeros
    // trimmed; NaN and infinities become null.
    JsonWriter& value(double number);
    template <typename T>
    JsonWriter& value(const std::optional<T>& maybe) {
        return maybe ? value(*maybe) : null();
    }
    JsonWriter& null();
    // Inserts already-serialised JSON as one value.
    JsonWriter& raw(std::string_view json);

    [[nodiscard]] const std::string& str() const { return m_out; }
    [[nodiscard]] std::string take() { return std::move(m_out); }

    // Appends `text` as a JSON string literal (with quotes) to `out`.
    static void appendQuoted(std::string& out, std::string_view text);

private:
    void beforeValue();

    std::string m_out;
    // One entry per open container: true once it holds an element.
    std::vector<bool> m_hasElement;
    bool m_afterKey = false;
};

}  // namespace caplens
