// For tests: reads back what the procedures' PDF writers (cairo) wrote — the text a reader or a screen reader gets
// out of a PDF (the glyphs of every content stream mapped through their font's /ToUnicode CMap) and the objects'
// dictionaries (to look for /StructTreeRoot, /S /H1 …). Knows the subset of PDF that cairo writes: uncompressed
// object headers, FlateDecode streams, 1- or 2-byte codes, bfchar and bfrange maps. Not a general PDF parser.
//
//   auto text = procedures::testing::PdfText(pdf);          // "Eingangsbestätigung Stadt Grimma …"
//   auto dicts = procedures::testing::PdfDictionaries(pdf);  // every object's text before its stream
#pragma once

#include <zlib.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mw::procedures::testing {

struct PdfObject {
  std::string dictionary;  // the object's text up to "stream" (all of it when it has none)
  std::string stream;      // decoded (inflated when /FlateDecode)
};

inline std::string Inflate(std::string_view data) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) throw std::runtime_error("inflateInit failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16384];
  int result = Z_OK;
  do {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  } while (result == Z_OK);
  inflateEnd(&stream);
  return out;
}

// Every "N 0 obj … endobj" of `pdf` by its number (a later object of the same number, an incremental update,
// replaces the earlier one).
inline std::map<int, PdfObject> PdfObjects(const std::string& pdf) {
  std::map<int, PdfObject> objects;
  std::size_t pos = 0;
  while ((pos = pdf.find(" 0 obj", pos)) != std::string::npos) {
    std::size_t number_start = pos;
    while (number_start > 0 && std::isdigit(static_cast<unsigned char>(pdf[number_start - 1]))) --number_start;
    const int number = std::atoi(pdf.c_str() + number_start);
    const std::size_t end = pdf.find("endobj", pos);
    if (end == std::string::npos) break;
    PdfObject object;
    const std::size_t stream = pdf.find("stream", pos);
    if (stream != std::string::npos && stream < end) {
      object.dictionary = pdf.substr(pos + 6, stream - pos - 6);
      std::size_t data = stream + 6;
      if (pdf[data] == '\r') ++data;
      if (pdf[data] == '\n') ++data;
      const std::size_t data_end = pdf.rfind("endstream", end);
      std::string raw = pdf.substr(data, data_end - data);
      object.stream = object.dictionary.find("/FlateDecode") != std::string::npos ? Inflate(raw) : raw;
    } else {
      object.dictionary = pdf.substr(pos + 6, end - pos - 6);
    }
    objects[number] = std::move(object);
    pos = end;
  }
  return objects;
}

inline std::vector<std::string> PdfDictionaries(const std::string& pdf) {
  std::vector<std::string> out;
  for (auto& [number, object] : PdfObjects(pdf)) out.push_back(object.dictionary);
  return out;
}

namespace detail {

inline void AppendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// UTF-16BE in hex ("00E4", "D83DDE00") as UTF-8.
inline std::string Utf16HexToUtf8(std::string_view hex) {
  std::string out;
  for (std::size_t pos = 0; pos + 4 <= hex.size(); pos += 4) {
    std::uint32_t unit = std::stoul(std::string(hex.substr(pos, 4)), nullptr, 16);
    if (unit >= 0xD800 && unit < 0xDC00 && pos + 8 <= hex.size()) {
      std::uint32_t low = std::stoul(std::string(hex.substr(pos + 4, 4)), nullptr, 16);
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      pos += 4;
    }
    AppendUtf8(out, unit);
  }
  return out;
}

struct CMap {
  std::size_t code_bytes = 1;
  std::map<std::uint32_t, std::string> to_text;
};

inline std::vector<std::string> HexTokens(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = text.find('<', pos)) != std::string_view::npos) {
    const std::size_t end = text.find('>', pos);
    if (end == std::string_view::npos) break;
    out.emplace_back(text.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

inline CMap ParseCMap(const std::string& text) {
  CMap cmap;
  if (auto space = text.find("begincodespacerange"); space != std::string::npos) {
    auto tokens = HexTokens(text.substr(space, text.find("endcodespacerange", space) - space));
    if (!tokens.empty()) cmap.code_bytes = tokens[0].size() / 2;
  }
  for (std::size_t pos = 0; (pos = text.find("beginbfchar", pos)) != std::string::npos;) {
    const std::size_t end = text.find("endbfchar", pos);
    auto tokens = HexTokens(std::string_view(text).substr(pos, end - pos));
    for (std::size_t token_idx = 0; token_idx + 1 < tokens.size(); token_idx += 2) {
      cmap.to_text[std::stoul(tokens[token_idx], nullptr, 16)] = Utf16HexToUtf8(tokens[token_idx + 1]);
    }
    pos = end;
  }
  for (std::size_t pos = 0; (pos = text.find("beginbfrange", pos)) != std::string::npos;) {
    const std::size_t end = text.find("endbfrange", pos);
    auto tokens = HexTokens(std::string_view(text).substr(pos, end - pos));  // arrays are not used by cairo here
    for (std::size_t token_idx = 0; token_idx + 2 < tokens.size(); token_idx += 3) {
      const std::uint32_t first = std::stoul(tokens[token_idx], nullptr, 16);
      const std::uint32_t last = std::stoul(tokens[token_idx + 1], nullptr, 16);
      std::uint32_t value = std::stoul(tokens[token_idx + 2], nullptr, 16);
      for (std::uint32_t code = first; code <= last; ++code, ++value) {
        std::string out;
        AppendUtf8(out, value);
        cmap.to_text[code] = out;
      }
    }
    pos = end;
  }
  return cmap;
}

inline int ReferenceAfter(const std::string& dictionary, std::string_view key) {
  const std::size_t pos = dictionary.find(key);
  if (pos == std::string::npos) return -1;
  return std::atoi(dictionary.c_str() + pos + key.size());
}

}  // namespace detail

// The text of every content stream of `pdf` in the order written: the strings of Tj and TJ mapped through their
// font's /ToUnicode, a space between text objects (BT … ET).
inline std::string PdfText(const std::string& pdf) {
  auto objects = PdfObjects(pdf);
  // Font resource names ("/f-0-0 9 0 R") → CMap; cairo names a font the same on every page.
  std::map<std::string, detail::CMap> fonts;
  for (const auto& [number, object] : objects) {
    const std::string& dict = object.dictionary;
    for (std::size_t pos = 0; (pos = dict.find("/f-", pos)) != std::string::npos;) {
      std::size_t name_end = pos + 1;
      while (name_end < dict.size() && !std::isspace(static_cast<unsigned char>(dict[name_end]))) ++name_end;
      const std::string name = dict.substr(pos + 1, name_end - pos - 1);
      const int font = std::atoi(dict.c_str() + name_end);
      pos = name_end;
      if (fonts.contains(name) || !objects.contains(font)) continue;
      const int to_unicode = detail::ReferenceAfter(objects[font].dictionary, "/ToUnicode");
      if (objects.contains(to_unicode)) fonts[name] = detail::ParseCMap(objects[to_unicode].stream);
    }
  }
  std::string text;
  for (const auto& [number, object] : objects) {
    const std::string& content = object.stream;
    if (content.find("BT") == std::string::npos || content.find("Tf") == std::string::npos) continue;
    const detail::CMap* font = nullptr;
    std::string last_name;
    auto show = [&](const std::string& bytes) {
      if (font == nullptr) return;
      for (std::size_t pos = 0; pos + font->code_bytes <= bytes.size(); pos += font->code_bytes) {
        std::uint32_t code = 0;
        for (std::size_t byte_idx = 0; byte_idx < font->code_bytes; ++byte_idx) {
          code = (code << 8) | static_cast<unsigned char>(bytes[pos + byte_idx]);
        }
        if (auto found = font->to_text.find(code); found != font->to_text.end()) text += found->second;
      }
    };
    for (std::size_t pos = 0; pos < content.size();) {
      const char c = content[pos];
      if (c == '/') {  // a name: maybe the font of the next Tf
        std::size_t end = pos + 1;
        while (end < content.size() && !std::isspace(static_cast<unsigned char>(content[end])) &&
               content[end] != '/' && content[end] != '<' && content[end] != '[' && content[end] != '(') {
          ++end;
        }
        last_name = content.substr(pos + 1, end - pos - 1);
        pos = end;
      } else if (c == '(') {  // a literal string
        std::string bytes;
        int depth = 1;
        ++pos;
        while (pos < content.size() && depth > 0) {
          char ch = content[pos++];
          if (ch == '\\' && pos < content.size()) {
            char escaped = content[pos++];
            if (escaped >= '0' && escaped <= '7') {
              int value = escaped - '0';
              for (int digit = 0; digit < 2 && pos < content.size() && content[pos] >= '0' && content[pos] <= '7';
                   ++digit) {
                value = value * 8 + (content[pos++] - '0');
              }
              bytes += static_cast<char>(value);
            } else {
              bytes += escaped == 'n' ? '\n' : escaped == 'r' ? '\r' : escaped == 't' ? '\t' : escaped;
            }
          } else if (ch == '(') {
            ++depth;
            bytes += ch;
          } else if (ch == ')') {
            if (--depth > 0) bytes += ch;
          } else {
            bytes += ch;
          }
        }
        show(bytes);
      } else if (c == '<' && pos + 1 < content.size() && content[pos + 1] != '<') {  // a hex string
        const std::size_t end = content.find('>', pos);
        std::string hex;
        for (std::size_t hex_idx = pos + 1; hex_idx < end; ++hex_idx) {
          if (std::isxdigit(static_cast<unsigned char>(content[hex_idx]))) hex += content[hex_idx];
        }
        std::string bytes;
        for (std::size_t hex_idx = 0; hex_idx + 1 < hex.size(); hex_idx += 2) {
          bytes += static_cast<char>(std::stoi(hex.substr(hex_idx, 2), nullptr, 16));
        }
        show(bytes);
        pos = end + 1;
      } else if (content.compare(pos, 2, "Tf") == 0) {
        auto found = fonts.find(last_name);
        font = found == fonts.end() ? nullptr : &found->second;
        pos += 2;
      } else if (content.compare(pos, 2, "ET") == 0) {
        text += ' ';
        pos += 2;
      } else {
        ++pos;
      }
    }
  }
  return text;
}

// `text` without any whitespace: what a test compares when the PDF breaks lines where the source had spaces.
inline std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  }
  return out;
}

}  // namespace mw::procedures::testing
