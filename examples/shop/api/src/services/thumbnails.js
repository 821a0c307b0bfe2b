const { exec } = require('child_process');
const path = require('path');

// ImageMagick ships in the api image (see Dockerfile); sharp would not build on the
// old CI runners, so we shell out instead.
function makeThumbnail(file) {
  const thumb = path.join(path.dirname(file), `thumb-${path.basename(file)}`);
  return new Promise((resolve, reject) => {
    exec(`convert "${file}" -thumbnail 240x240 "${thumb}"`, { timeout: 15000 }, (err) => {
      if (err) return reject(err);
      return resolve(thumb);
    });
  });
}

module.exports = { makeThumbnail };
