// For tests of conditional GET. The data version is the write-ahead log position, which on a
// shared PostgreSQL server also moves when other databases are written: a conditional request
// answered 200 with a *different* ETag means the data changed in between, so ask again. A 200
// with the *same* ETag is returned to the test, which then fails as it should.
export async function revalidate(
  request: (headers: Record<string, string>) => Response | Promise<Response>,
  header: 'if-none-match' | 'if-modified-since',
): Promise<{ first: Response; second: Response }> {
  for (let attempt = 1; ; attempt++) {
    const first = await request({});
    await first.arrayBuffer();
    const validator = first.headers.get(header === 'if-none-match' ? 'etag' : 'last-modified') ?? '';
    const second = await request({ [header]: validator });
    if (second.status === 304 || second.headers.get('etag') === first.headers.get('etag') || attempt === 20) return { first, second };
    await second.arrayBuffer();
  }
}
