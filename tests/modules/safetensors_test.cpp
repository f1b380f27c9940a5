#include <doctest/doctest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/files.hpp"
#include "modules/safetensors.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using modules::FloatTensor;
using modules::SafetensorsFile;

namespace {

SafetensorsFile Sample() {
  SafetensorsFile file;
  file.metadata = {{"format", "mosaic-module"}, {"note", "hello"}};
  file.tensors["a"] = FloatTensor{{2, 3}, {1, 2, 3, 4, 5, 6}};
  file.tensors["b"] = FloatTensor{{4}, {-1.5f, 0.f, 1e-30f, 3.25f}};
  return file;
}

std::string ErrorOf(const std::string& bytes) {
  return testing::ErrorMessage([&] { modules::DecodeSafetensors(bytes, "m.safetensors"); });
}

// Rebuilds a file with a hand-edited header (the data section is kept).
std::string WithHeader(const std::string& original,
                       const std::function<void(nlohmann::json&)>& edit) {
  uint64_t length;
  std::memcpy(&length, original.data(), 8);
  nlohmann::json header = nlohmann::json::parse(original.substr(8, length));
  edit(header);
  const std::string text = header.dump();
  std::string out(8, '\0');
  const uint64_t n = text.size();
  std::memcpy(out.data(), &n, 8);
  return out + text + original.substr(8 + length);
}

}  // namespace

TEST_CASE("safetensors round trip is bit-identical, and the header is plain JSON") {
  const SafetensorsFile file = Sample();
  const std::string bytes = modules::EncodeSafetensors(file);
  const SafetensorsFile back = modules::DecodeSafetensors(bytes, "x");
  CHECK(back.metadata == file.metadata);
  REQUIRE(back.tensors.size() == 2);
  for (const auto& [name, tensor] : file.tensors) {
    CHECK(back.tensors.at(name).shape == tensor.shape);
    CHECK(std::memcmp(back.tensors.at(name).values.data(), tensor.values.data(),
                      tensor.values.size() * 4) == 0);
  }
  // The layout, read the way any safetensors reader does: u64 length, JSON, raw little-endian data.
  uint64_t length;
  std::memcpy(&length, bytes.data(), 8);
  CHECK((8 + length) % 8 == 0);
  const auto header = nlohmann::json::parse(bytes.substr(8, length));
  CHECK(header["a"]["dtype"] == "F32");
  CHECK(header["a"]["shape"] == nlohmann::json::array({2, 3}));
  CHECK(header["__metadata__"]["note"] == "hello");
  const auto offsets = header["b"]["data_offsets"];
  float third;
  std::memcpy(&third, bytes.data() + 8 + length + offsets[0].get<size_t>() + 8, 4);
  CHECK(third == 1e-30f);
}

TEST_CASE("writes are atomic: no temp file is left, and a failed write keeps the old file") {
  testing::TempDir dir;
  const std::string path = dir.path() + "/m.safetensors";
  modules::WriteSafetensors(path, Sample());
  CHECK(modules::ReadSafetensors(path).tensors.size() == 2);
  CHECK_THROWS_AS(modules::WriteSafetensors(dir.path() + "/no/such/dir/m.safetensors", Sample()),
                  Error);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    files += entry.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("every corrupt file is a clear error") {
  const std::string good = modules::EncodeSafetensors(Sample());
  CHECK(ErrorOf("").find("m.safetensors: not a valid safetensors file: file is 0 bytes") == 0);
  CHECK(ErrorOf(good.substr(0, 5)).find("shorter than the 8-byte header length") !=
        std::string::npos);
  // Truncated anywhere: in the header or in the data.
  for (size_t cut : {size_t{12}, good.size() / 2, good.size() - 1}) {
    CAPTURE(cut);
    CHECK(ErrorOf(good.substr(0, cut)).find("truncated?") != std::string::npos);
  }
  std::string huge = good;
  const uint64_t big = uint64_t{1} << 40;
  std::memcpy(huge.data(), &big, 8);
  CHECK(ErrorOf(huge).find("exceeds the") != std::string::npos);
  std::string garbage = good;
  garbage[9] = '#';
  CHECK(ErrorOf(garbage).find("header is not JSON") != std::string::npos);
  CHECK(ErrorOf(WithHeader(good, [](auto& h) { h["a"]["dtype"] = "F16"; }))
            .find("tensor 'a' has dtype F16; mosaic modules hold F32 tensors only") !=
        std::string::npos);
  CHECK(ErrorOf(WithHeader(good, [](auto& h) {
          h["a"]["shape"] = {3, 3};
        })).find("tensor 'a' has shape [3,3] but 24 bytes of data") != std::string::npos);
  CHECK(ErrorOf(WithHeader(good, [](auto& h) {
          h["b"]["data_offsets"] = {0, 16};
        })).find("overlaps") != std::string::npos);
  CHECK(ErrorOf(WithHeader(good, [](auto& h) {
          h["__metadata__"]["x"] = 3;
        })).find("__metadata__ value 'x' is not a string") != std::string::npos);
  CHECK(ErrorOf(WithHeader(good, [](auto& h) {
          h.erase("b");
        })).find("bytes of data after the last tensor") != std::string::npos);
  CHECK(ErrorOf(WithHeader(good, [](auto& h) { h["a"].erase("dtype"); })).find("lacks dtype") !=
        std::string::npos);
}
