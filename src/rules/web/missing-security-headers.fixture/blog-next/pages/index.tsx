// ok: missing-security-headers
export default function Posts() {
  return <ul />;
}
