import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sessionForFile } from '../../src/client/file-session.js';

test('an editor plays each file in a session of its own: two files of one name never meet', () => {
  assert.is.not(sessionForFile('/a/song.alda'), sessionForFile('/b/song.alda'));
  assert.is(sessionForFile('/a/song.alda'), sessionForFile('/a/../a/song.alda'), 'the same file, however it is named');
  assert.match(sessionForFile('/a/my song (draft).alda'), /^edit-my_song__draft_.alda-[0-9a-f]{8}$/);
  assert.ok(sessionForFile(`/a/${'x'.repeat(200)}.alda`).length <= 64, 'within the protocol’s 64 characters');
});

test.run();
