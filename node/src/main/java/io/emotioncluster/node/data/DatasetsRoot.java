package io.emotioncluster.node.data;

import io.emotioncluster.node.ServiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one folder on this node that operators may point training jobs at. Dataset paths arrive
 * over the network, so {@link #resolve} is a security boundary: whatever the request says, the
 * path it returns lies inside the root, so a job can never be told to read {@code /etc/shadow}
 * or another tenant's files.
 *
 * <p>Two checks, because either alone is not enough:
 * <ol>
 *   <li>lexical: after normalising {@code ..} segments the path must stay under the root (this
 *       catches {@code ../x} and absolute paths elsewhere without touching the file system);</li>
 *   <li>real: the path is then walked one segment at a time from the root's real path, and every
 *       symbolic link met on the way is resolved and must land inside the root's real path (this
 *       catches {@code link -> /etc} placed inside the root, which the lexical check cannot see).
 *       Links that stay inside the root are allowed.</li>
 * </ol>
 *
 * <p>The path returned is the real path that was checked, not the string the caller sent, so
 * the caller opens exactly what was vetted. (A link swapped between this check and the open is
 * out of scope: the datasets root is the operator's own folder.)
 *
 * <p>Messages name the root, so an operator who gets a refusal learns where to put the data.
 */
public final class DatasetsRoot {

  private final Path root;

  /** @param root the datasets folder; it need not exist yet (resolve then answers NOT_FOUND) */
  public DatasetsRoot(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** The root as configured (absolute, normalised, symbolic links not resolved). */
  public Path root() {
    return root;
  }

  /**
   * The real path of {@code relative} inside the root.
   *
   * @param relative a path relative to the root; an absolute path is accepted only when it
   *                 points inside the root (as configured or as its real path)
   * @throws ServiceException INVALID_INPUT for a blank or malformed path, PERMISSION for a path
   *                          that leaves the root, NOT_FOUND when it (or the root) does not exist
   */
  public Path resolve(String relative) {
    if (relative == null || relative.isBlank()) {
      throw ServiceException.invalid("dataset path is empty: give a path relative to the "
          + "datasets root " + root);
    }
    Path rootReal = realRoot();
    Path rel = lexicallyInside(relative, rootReal);
    Path current = rootReal;
    for (Path name : rel) {
      if (name.toString().isEmpty()) {
        continue; // "" is what Path yields for the root itself
      }
      Path next = current.resolve(name);
      if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        throw missing(relative, rootReal.relativize(next));
      }
      if (Files.isSymbolicLink(next)) {
        next = followLink(relative, next, rootReal);
      }
      current = next;
    }
    return current;
  }

  private Path realRoot() {
    try {
      Path real = root.toRealPath();
      if (!Files.isDirectory(real)) {
        throw ServiceException.precondition("the datasets root " + root
            + " is not a folder; point the node's datasets root setting at a folder");
      }
      return real;
    } catch (NoSuchFileException e) {
      throw ServiceException.notFound("the datasets root " + root
          + " does not exist; create it and put datasets inside it");
    } catch (IOException e) {
      throw ServiceException.precondition("the datasets root " + root + " cannot be read: "
          + e.getMessage());
    }
  }

  /** Step 1: normalise and require the path to stay under the root; returns it relative. */
  private Path lexicallyInside(String relative, Path rootReal) {
    Path given;
    try {
      given = Path.of(relative.strip());
    } catch (InvalidPathException e) {
      throw ServiceException.invalid("dataset path '" + relative + "' is not a valid path ("
          + e.getReason() + "); give a path relative to the datasets root " + root);
    }
    Path abs = given.isAbsolute() ? given.normalize() : root.resolve(given).normalize();
    // An absolute path may name the root either as configured or as its real path.
    Path base = abs.startsWith(root) ? root : abs.startsWith(rootReal) ? rootReal : null;
    if (base == null) {
      throw new ServiceException(ServiceException.Kind.PERMISSION, "dataset path '" + relative
          + "' is outside the datasets root " + root + "; put the data under " + root
          + " and give its path relative to that folder");
    }
    return base.relativize(abs);
  }

  /** Step 2, for one link met on the way: it must resolve to somewhere inside the root. */
  private Path followLink(String relative, Path link, Path rootReal) {
    String linkName = rootReal.relativize(link).toString();
    Path real;
    try {
      real = link.toRealPath();
    } catch (NoSuchFileException e) {
      // A dangling link: refuse as PERMISSION if it aims outside, else the target is just missing.
      Path target = danglingTarget(link);
      if (target == null || !target.startsWith(rootReal)) {
        throw outsideViaLink(relative, linkName);
      }
      throw ServiceException.notFound("dataset path '" + relative + "' goes through the symbolic "
          + "link '" + linkName + "', whose target does not exist, in the datasets root " + root);
    } catch (IOException e) {
      throw ServiceException.invalid("dataset path '" + relative + "' cannot be resolved at the "
          + "symbolic link '" + linkName + "' (" + e.getMessage() + ") in the datasets root "
          + root);
    }
    if (!real.startsWith(rootReal)) {
      throw outsideViaLink(relative, linkName);
    }
    return real;
  }

  private static Path danglingTarget(Path link) {
    try {
      return link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private ServiceException outsideViaLink(String relative, String linkName) {
    // The target itself is not named: it lies outside the root and is none of the caller's business.
    return new ServiceException(ServiceException.Kind.PERMISSION, "dataset path '" + relative
        + "' goes through the symbolic link '" + linkName + "', which points outside the datasets "
        + "root " + root + "; copy or move the data under " + root + " instead of linking to it");
  }

  private ServiceException missing(String relative, Path firstMissing) {
    String where = firstMissing.toString().equals(relative.strip()) ? ""
        : " ('" + firstMissing + "' is missing)";
    return ServiceException.notFound("dataset path '" + relative + "' does not exist in the "
        + "datasets root " + root + where + "; put the data under " + root);
  }

  @Override
  public String toString() {
    return "DatasetsRoot[" + root + "]";
  }
}
