#include "modules/safetensors.hpp"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/files.hpp"

namespace mosaic::modules {

namespace {

using nlohmann::json;

static_assert(sizeof(float) == 4, "F32 tensors need 4-byte floats");

bool LittleEndian() {
  const uint16_t probe = 1;
  return *reinterpret_cast<const uint8_t*>(&probe) == 1;
}

[[noreturn]] void Fail(const std::string& source, const std::string& message) {
  throw Error(source + ": not a valid safetensors file: " + message);
}

}  // namespace

int64_t FloatTensor::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string EncodeSafetensors(const SafetensorsFile& file) {
  if (!LittleEndian()) throw Error("safetensors: big-endian hosts are not supported");
  json header = json::object();
  uint64_t offset = 0;
  for (const auto& [name, tensor] : file.tensors) {
    if (tensor.numel() != static_cast<int64_t>(tensor.values.size())) {
      throw Error("safetensors: tensor '" + name + "' has " + std::to_string(tensor.values.size()) +
                  " values for shape of " + std::to_string(tensor.numel()));
    }
    const uint64_t bytes = tensor.values.size() * sizeof(float);
    header[name] = {
        {"dtype", "F32"}, {"shape", tensor.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  if (!file.metadata.empty()) header["__metadata__"] = file.metadata;
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // pad so the data starts 8-byte aligned
  std::string out(8, '\0');
  const uint64_t length = text.size();
  std::memcpy(out.data(), &length, 8);
  out += text;
  out.reserve(out.size() + offset);
  for (const auto& [name, tensor] : file.tensors) {
    out.append(reinterpret_cast<const char*>(tensor.values.data()),
               tensor.values.size() * sizeof(float));
  }
  return out;
}

SafetensorsFile DecodeSafetensors(const std::string& bytes, const std::string& source) {
  if (!LittleEndian()) throw Error("safetensors: big-endian hosts are not supported");
  if (bytes.size() < 8)
    Fail(source, "file is " + std::to_string(bytes.size()) +
                     " bytes, shorter than the 8-byte header length");
  uint64_t header_length = 0;
  std::memcpy(&header_length, bytes.data(), 8);
  if (header_length > kMaxHeaderBytes) {
    Fail(source, "header length " + std::to_string(header_length) + " exceeds the " +
                     std::to_string(kMaxHeaderBytes) + "-byte limit");
  }
  if (header_length > bytes.size() - 8) {
    Fail(source, "header length " + std::to_string(header_length) +
                     " runs past the end of the file (" + std::to_string(bytes.size()) +
                     " bytes): truncated?");
  }
  json header;
  try {
    header = json::parse(bytes.begin() + 8,
                         bytes.begin() + 8 + static_cast<std::ptrdiff_t>(header_length));
  } catch (const json::exception& e) {
    Fail(source, std::string("header is not JSON (") + e.what() + ")");
  }
  if (!header.is_object()) Fail(source, "header is not a JSON object");
  const uint64_t data_size = bytes.size() - 8 - header_length;
  const char* data = bytes.data() + 8 + header_length;

  SafetensorsFile file;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object()) Fail(source, "__metadata__ is not an object");
      for (const auto& [key, value] : entry.items()) {
        if (!value.is_string()) Fail(source, "__metadata__ value '" + key + "' is not a string");
        file.metadata[key] = value.get<std::string>();
      }
      continue;
    }
    const std::string what = "tensor '" + name + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
        !entry.contains("data_offsets")) {
      Fail(source, what + " lacks dtype, shape or data_offsets");
    }
    if (!entry["dtype"].is_string()) Fail(source, what + " has a non-string dtype");
    const std::string dtype = entry["dtype"].get<std::string>();
    if (dtype != "F32")
      Fail(source, what + " has dtype " + dtype + "; mosaic modules hold F32 tensors only");
    FloatTensor tensor;
    if (!entry["shape"].is_array()) Fail(source, what + " has a shape that is not an array");
    for (const auto& d : entry["shape"]) {
      if (!d.is_number_integer() || d.get<int64_t>() < 0 || d.get<int64_t>() > (int64_t{1} << 31)) {
        Fail(source, what + " has an invalid shape " + entry["shape"].dump());
      }
      tensor.shape.push_back(d.get<int64_t>());
    }
    const json& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned()) {
      Fail(source, what + " has invalid data_offsets " + offsets.dump());
    }
    const uint64_t begin = offsets[0].get<uint64_t>(), end = offsets[1].get<uint64_t>();
    if (begin > end || end > data_size) {
      Fail(source, what + " data [" + std::to_string(begin) + ", " + std::to_string(end) +
                       ") lies outside the " + std::to_string(data_size) +
                       "-byte data section: truncated?");
    }
    const int64_t numel = tensor.numel();
    if (numel < 0 || static_cast<uint64_t>(numel) * sizeof(float) != end - begin) {
      Fail(source, what + " has shape " + entry["shape"].dump() + " but " +
                       std::to_string(end - begin) + " bytes of data");
    }
    tensor.values.resize(static_cast<size_t>(numel));
    if (numel > 0) std::memcpy(tensor.values.data(), data + begin, end - begin);
    ranges.emplace_back(begin, end);
    file.tensors.emplace(name, std::move(tensor));
  }
  std::sort(ranges.begin(), ranges.end());
  uint64_t covered = 0;
  for (const auto& [begin, end] : ranges) {
    if (begin != covered)
      Fail(source, "tensor data overlaps or leaves a hole at byte " +
                       std::to_string(std::min(begin, covered)));
    covered = end;
  }
  if (covered != data_size) {
    Fail(source, std::to_string(data_size - covered) + " bytes of data after the last tensor");
  }
  return file;
}

void WriteSafetensors(const std::string& path, const SafetensorsFile& file) {
  WriteFileAtomic(path, EncodeSafetensors(file));
}

SafetensorsFile ReadSafetensors(const std::string& path) {
  return DecodeSafetensors(ReadFile(path), path);
}

}  // namespace mosaic::modules
