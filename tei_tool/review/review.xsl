<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei review: one proofreading page per TEI document (XSLT 1.0, run by lxml/libxslt).

  Input: <rv:review> (built by tei_tool/review/document.py) = findings, review queue, clutter lines,
  personography status, and the TEI document whose elements carry rv:id (page id), rv:line and rv:col
  (where they start in the transcript, or in the XML file when reviewed on its own).
  Parameters: style (CSS text), script (JS text), generator.

  Adapting: every TEI element has its own template below; a mark is drawn by the named template
  "mark" (kind = the data-kind the tests count, tag = the short visible label, desc = the long label).
  Keep data-kind and id="{@rv:id}" on marks: the queue, the findings and the tests rely on them.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="http://www.tei-c.org/ns/1.0"
    xmlns:rv="urn:tei-tool:review"
    xmlns:xml="http://www.w3.org/XML/1998/namespace"
    exclude-result-prefixes="t rv">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>
  <xsl:param name="style" select="''"/>
  <xsl:param name="script" select="''"/>
  <xsl:param name="generator" select="'tei review'"/>

  <xsl:key name="person" match="t:person" use="@xml:id"/>
  <xsl:key name="xmlid" match="t:*[@xml:id]" use="@xml:id"/>
  <xsl:key name="turns-of" match="t:sp" use="substring-after(@who, '#')"/>
  <xsl:key name="findings-at" match="rv:finding" use="@anchor"/>
  <xsl:key name="known" match="rv:person" use="@id"/>

  <xsl:variable name="mode" select="/rv:review/@lines"/>
  <xsl:variable name="where">
    <xsl:choose>
      <xsl:when test="$mode = 'transcript'">transcript line</xsl:when>
      <xsl:otherwise>XML line</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="title" select="normalize-space(//t:teiHeader/t:fileDesc/t:titleStmt/t:title)"/>

  <!-- ============================================================== page -->
  <xsl:template match="/rv:review">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="{$generator}"/>
        <title>Review: <xsl:value-of select="$title"/></title>
        <style><xsl:value-of select="$style" disable-output-escaping="yes"/></style>
      </head>
      <body data-lines="{$mode}">
        <a class="skip" href="#text">Skip to the text</a>
        <header class="page-head">
          <p class="crumbs"><a href="index.html">All documents</a> · <span class="file"><xsl:value-of select="@file"/></span></p>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="sub">
            <xsl:value-of select="count(//t:text//t:sp)"/> turns ·
            <xsl:value-of select="count(//t:listPerson/t:person)"/> persons ·
            <xsl:value-of select="count(rv:findings/rv:finding[@severity='warning'])"/> warnings ·
            <xsl:value-of select="count(rv:findings/rv:finding[@severity='error'])"/> errors ·
            numbers in the margin are <strong><xsl:value-of select="$where"/>s</strong>
            <xsl:if test="$mode != 'transcript'"> (the transcript was not given: review the .txt for its line numbers)</xsl:if>
          </p>
        </header>
        <xsl:apply-templates select="rv:queue"/>
        <div class="layout">
          <main id="text" tabindex="-1" aria-label="Encoded text">
            <xsl:apply-templates select="t:TEI/t:text"/>
          </main>
          <aside class="side">
            <xsl:apply-templates select="t:TEI/t:teiHeader" mode="card"/>
            <xsl:call-template name="persons"/>
            <xsl:call-template name="legend"/>
            <xsl:apply-templates select="rv:clutter"/>
          </aside>
        </div>
        <xsl:apply-templates select="rv:findings"/>
        <footer class="foot">Made by <xsl:value-of select="$generator"/> from <xsl:value-of select="@name"/>.</footer>
        <script><xsl:value-of select="$script" disable-output-escaping="yes"/></script>
      </body>
    </html>
  </xsl:template>

  <!-- ============================================================== queue -->
  <xsl:template match="rv:queue">
    <nav id="queue" class="queue" aria-labelledby="queue-title">
      <div class="queue-head">
        <h2 id="queue-title">Review queue <span class="count">(<xsl:value-of select="count(rv:item)"/>)</span></h2>
        <p class="keys">Keys: <kbd>j</kbd>/<kbd>n</kbd> next, <kbd>k</kbd>/<kbd>p</kbd> previous, <kbd>q</kbd> back to the queue.
          <span id="queue-pos" class="pos" aria-live="polite"></span></p>
      </div>
      <xsl:choose>
        <xsl:when test="rv:item">
          <ol class="queue-list"><xsl:apply-templates select="rv:item"/></ol>
        </xsl:when>
        <xsl:otherwise><p class="empty">Nothing to check: no low-certainty decisions, warnings, unmatched brackets or unknown persons.</p></xsl:otherwise>
      </xsl:choose>
    </nav>
  </xsl:template>

  <xsl:template match="rv:item">
    <li class="q q-{@kind}" id="q-{@n}" data-kind="{@kind}" data-target="{@target}">
      <xsl:variable name="body">
        <span class="qk"><xsl:call-template name="queue-kind"><xsl:with-param name="kind" select="@kind"/></xsl:call-template></span>
        <xsl:text> </xsl:text>
        <span class="loc"><xsl:value-of select="@line"/><xsl:if test="@col != '0'">:<xsl:value-of select="@col"/></xsl:if></span>
        <xsl:text> </xsl:text>
        <span class="msg"><xsl:value-of select="rv:message"/></span>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="@target != ''"><a href="#{@target}"><xsl:copy-of select="$body"/></a></xsl:when>
        <xsl:otherwise><xsl:copy-of select="$body"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="rv:yaml">
        <div class="yaml">Add to <xsl:value-of select="/rv:review/rv:persons/@personography"/>:
          <code><xsl:value-of select="rv:yaml"/></code></div>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="queue-kind">
    <xsl:param name="kind"/>
    <xsl:choose>
      <xsl:when test="$kind = 'cert'"><span aria-hidden="true">?</span> low certainty</xsl:when>
      <xsl:when test="$kind = 'warning'"><span aria-hidden="true">!</span> warning</xsl:when>
      <xsl:when test="$kind = 'error'"><span aria-hidden="true">×</span> error</xsl:when>
      <xsl:when test="$kind = 'bracket'"><span aria-hidden="true">[</span> bracket</xsl:when>
      <xsl:when test="$kind = 'person'"><span aria-hidden="true">+</span> new person</xsl:when>
      <xsl:otherwise><xsl:value-of select="$kind"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================== helpers -->
  <xsl:template name="ln">
    <!-- the first paragraph of a turn starts on the label's line: the turn's number says it already -->
    <xsl:if test="@rv:line and not(parent::t:sp and @rv:line = ../@rv:line and not(preceding-sibling::t:p))">
      <span class="ln" title="{$where} {@rv:line}"><span class="vh"><xsl:value-of select="$where"/><xsl:text> </xsl:text></span><xsl:value-of select="@rv:line"/></span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="loc">
    <xsl:value-of select="$where"/><xsl:text> </xsl:text><xsl:value-of select="@rv:line"/>
    <xsl:if test="@rv:col">:<xsl:value-of select="@rv:col"/></xsl:if>
  </xsl:template>

  <xsl:template name="badges">
    <xsl:for-each select="key('findings-at', @rv:id)">
      <a class="fbadge sev-{@severity}" href="#f-{@n}" title="{@severity} {@code}: {rv:message}">
        <span aria-hidden="true"><xsl:choose><xsl:when test="@severity = 'error'">×</xsl:when><xsl:when test="@severity = 'warning'">!</xsl:when><xsl:otherwise>i</xsl:otherwise></xsl:choose></span>
        <xsl:text> </xsl:text><xsl:value-of select="@code"/></a>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="cert">
    <xsl:if test="@cert">
      <span class="cert cert-{@cert}"><span aria-hidden="true">?</span><xsl:text> </xsl:text><xsl:value-of select="@cert"/> certainty</span>
    </xsl:if>
  </xsl:template>

  <xsl:template name="open">
    <xsl:choose>
      <xsl:when test="@rend = 'brackets'"><span class="d" aria-hidden="true">[</span></xsl:when>
      <xsl:when test="@rend = 'parentheses'"><span class="d" aria-hidden="true">(</span></xsl:when>
    </xsl:choose>
  </xsl:template>
  <xsl:template name="close">
    <xsl:choose>
      <xsl:when test="@rend = 'brackets'"><span class="d" aria-hidden="true">]</span></xsl:when>
      <xsl:when test="@rend = 'parentheses'"><span class="d" aria-hidden="true">)</span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- An inline mark: kind (data-kind), tag (short visible label), desc (spoken and tooltip label). -->
  <xsl:template name="mark">
    <xsl:param name="kind"/>
    <xsl:param name="tag" select="''"/>
    <xsl:param name="desc"/>
    <xsl:param name="element" select="'span'"/>
    <xsl:param name="body"><xsl:apply-templates/></xsl:param>
    <xsl:element name="{$element}">
      <xsl:attribute name="class">mark k-<xsl:value-of select="$kind"/><xsl:if test="@cert"> cert-<xsl:value-of select="@cert"/></xsl:if><xsl:if test="@reason"> r-<xsl:value-of select="@reason"/></xsl:if><xsl:if test="@type"> t-<xsl:value-of select="@type"/></xsl:if></xsl:attribute>
      <xsl:attribute name="data-kind"><xsl:value-of select="$kind"/></xsl:attribute>
      <xsl:attribute name="id"><xsl:value-of select="@rv:id"/></xsl:attribute>
      <xsl:attribute name="title"><xsl:value-of select="$desc"/> — <xsl:call-template name="loc"/></xsl:attribute>
      <xsl:if test="@rv:line"><xsl:attribute name="data-line"><xsl:value-of select="@rv:line"/></xsl:attribute></xsl:if>
      <xsl:call-template name="cert"/>
      <xsl:if test="$tag != ''"><span class="tag" aria-hidden="true"><xsl:value-of select="$tag"/></span></xsl:if>
      <span class="vh"><xsl:value-of select="$desc"/>: </span>
      <xsl:call-template name="open"/>
      <xsl:copy-of select="$body"/>
      <xsl:call-template name="close"/>
      <xsl:call-template name="badges"/>
    </xsl:element>
  </xsl:template>

  <!-- A block of the text: a line number in the margin, then the content. -->
  <xsl:template name="block">
    <xsl:param name="class"/>
    <xsl:param name="label" select="''"/>
    <div class="blk {$class}" id="{@rv:id}">
      <xsl:if test="@rv:line"><xsl:attribute name="data-line"><xsl:value-of select="@rv:line"/></xsl:attribute></xsl:if>
      <xsl:call-template name="ln"/>
      <xsl:if test="$label != ''"><span class="blabel"><xsl:value-of select="$label"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates/>
      <xsl:call-template name="badges"/>
    </div>
  </xsl:template>

  <!-- ============================================================== text structure -->
  <xsl:template match="t:text">
    <xsl:apply-templates select="t:front | t:body | t:back"/>
  </xsl:template>

  <xsl:template match="t:front | t:body | t:back">
    <section class="region region-{local-name()}" id="{@rv:id}" aria-labelledby="{@rv:id}-h">
      <h2 class="region-title" id="{@rv:id}-h">
        <xsl:choose>
          <xsl:when test="self::t:front">Front matter <small>printed before the record</small></xsl:when>
          <xsl:when test="self::t:body">The record</xsl:when>
          <xsl:otherwise>Back matter <small>printed after the record</small></xsl:otherwise>
        </xsl:choose>
      </h2>
      <xsl:apply-templates select="*"/>
    </section>
  </xsl:template>

  <xsl:template match="t:div">
    <div class="div div-{@type}" id="{@rv:id}">
      <xsl:if test="@type and @type != 'record'"><p class="div-type"><xsl:value-of select="translate(@type, '-', ' ')"/></p></xsl:if>
      <xsl:apply-templates select="*"/>
    </div>
  </xsl:template>

  <xsl:template match="t:docTitle">
    <div class="doctitle" id="{@rv:id}"><xsl:apply-templates select="*"/></div>
  </xsl:template>
  <xsl:template match="t:titlePart">
    <xsl:call-template name="block"><xsl:with-param name="class" select="'titlepart'"/><xsl:with-param name="label" select="'title'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:docDate">
    <xsl:call-template name="block"><xsl:with-param name="class" select="'docdate'"/><xsl:with-param name="label" select="concat('date ', @when)"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:head">
    <xsl:call-template name="block"><xsl:with-param name="class" select="'head'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:p">
    <xsl:call-template name="block"><xsl:with-param name="class" select="concat('p part-', @part)"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:ab">
    <xsl:call-template name="block"><xsl:with-param name="class" select="concat('ab ab-', @type)"/><xsl:with-param name="label" select="@type"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:label">
    <span class="ab-label"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="t:lb">
    <br/><xsl:call-template name="ln"/>
  </xsl:template>
  <xsl:template match="t:hi">
    <xsl:choose>
      <xsl:when test="@rend = 'bold'"><strong><xsl:apply-templates/></strong></xsl:when>
      <xsl:otherwise><span class="hi-{@rend}"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================== turns -->
  <xsl:template match="t:sp">
    <xsl:variable name="id" select="substring-after(@who, '#')"/>
    <xsl:variable name="person" select="key('person', $id)"/>
    <section id="{@rv:id}" data-kind="turn" data-who="{@who}" aria-label="turn">
      <xsl:attribute name="class">mark k-turn<xsl:if test="@cert"> cert-<xsl:value-of select="@cert"/></xsl:if></xsl:attribute>
      <xsl:if test="@rv:line"><xsl:attribute name="data-line"><xsl:value-of select="@rv:line"/></xsl:attribute></xsl:if>
      <div class="turn-head">
        <xsl:call-template name="ln"/>
        <span class="speaker"><span class="vh">speaker label: </span><xsl:apply-templates select="t:speaker/node()"/></span>
        <xsl:if test="not(t:speaker)"><span class="speaker none">(no label)</span></xsl:if>
        <span class="arrow" aria-hidden="true"> → </span>
        <span class="vh"> resolved to </span>
        <xsl:choose>
          <xsl:when test="$person">
            <a class="who" href="#person-{$id}"><xsl:value-of select="$person/t:persName[@type='full']"/></a>
            <span class="role"><xsl:value-of select="$person/@role"/></span>
          </xsl:when>
          <xsl:otherwise><span class="who none">nobody</span></xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="cert"/>
        <xsl:call-template name="badges"/>
      </div>
      <xsl:apply-templates select="*[not(self::t:speaker)]"/>
    </section>
  </xsl:template>

  <!-- ============================================================== inline marks -->
  <xsl:template match="t:supplied">
    <xsl:call-template name="mark">
      <xsl:with-param name="kind" select="'supplied'"/>
      <xsl:with-param name="tag"><xsl:choose><xsl:when test="@reason = 'omitted' or not(@reason)">sup</xsl:when><xsl:otherwise>sup·<xsl:value-of select="@reason"/></xsl:otherwise></xsl:choose></xsl:with-param>
      <xsl:with-param name="desc" select="concat('supplied (', @reason, ')')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="t:note[@type = 'variant']">
    <xsl:call-template name="mark">
      <xsl:with-param name="kind" select="'variant'"/>
      <xsl:with-param name="tag" select="'var'"/>
      <xsl:with-param name="desc" select="'variant spelling'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="t:note[@type = 'footnote']">
    <div class="blk mark k-footnote" data-kind="footnote" id="{@rv:id}" title="footnote {@n}">
      <xsl:call-template name="ln"/>
      <span class="fn-n"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text>
      <xsl:apply-templates/>
      <xsl:call-template name="badges"/>
    </div>
  </xsl:template>

  <xsl:template match="t:note">
    <xsl:variable name="label">
      <xsl:choose>
        <xsl:when test="@type = 'translator'">translator's note</xsl:when>
        <xsl:when test="@type = 'editorial'">editorial note</xsl:when>
        <xsl:when test="@type = 'sic'">sic</xsl:when>
        <xsl:when test="@type = 'artefact'">web artefact</xsl:when>
        <xsl:when test="@type = 'status'">status note</xsl:when>
        <xsl:when test="@type = 'correction'">correction</xsl:when>
        <xsl:when test="@type = 'alias'">alias</xsl:when>
        <xsl:otherwise>note</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="parent::t:div">
        <div class="blk" data-line="{@rv:line}"><xsl:call-template name="ln"/>
          <xsl:call-template name="mark"><xsl:with-param name="kind" select="'note'"/><xsl:with-param name="tag" select="concat('note·', @type)"/><xsl:with-param name="desc" select="$label"/></xsl:call-template>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="mark"><xsl:with-param name="kind" select="'note'"/><xsl:with-param name="tag" select="concat('note·', @type)"/><xsl:with-param name="desc" select="$label"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:gap">
    <xsl:variable name="extent">
      <xsl:choose>
        <xsl:when test="@quantity"><xsl:value-of select="@quantity"/><xsl:text> </xsl:text><xsl:value-of select="@unit"/></xsl:when>
        <xsl:otherwise>extent not stated</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="mark">
      <xsl:call-template name="mark">
        <xsl:with-param name="kind" select="'gap'"/>
        <xsl:with-param name="tag" select="concat('gap·', @reason, ' · ', $extent)"/>
        <xsl:with-param name="desc" select="concat('gap, ', @reason, ', ', $extent)"/>
        <xsl:with-param name="body"><span class="desc"><xsl:apply-templates select="t:desc/node()"/></span></xsl:with-param>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="parent::t:div"><div class="blk"><xsl:call-template name="ln"/><xsl:copy-of select="$mark"/></div></xsl:when>
      <xsl:otherwise><xsl:copy-of select="$mark"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:pb">
    <xsl:call-template name="mark">
      <xsl:with-param name="kind" select="'pagebreak'"/>
      <xsl:with-param name="tag" select="concat('page ', @n)"/>
      <xsl:with-param name="desc" select="concat('page break ', @n)"/>
      <xsl:with-param name="body"><xsl:if test="@rend = 'brackets'">Page <xsl:value-of select="@n"/></xsl:if></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="t:ref">
    <xsl:variable name="note" select="key('xmlid', substring-after(@target, '#'))"/>
    <xsl:variable name="mark">
      <xsl:call-template name="mark">
        <xsl:with-param name="kind" select="'footnote-ref'"/>
        <xsl:with-param name="tag" select="'fn'"/>
        <xsl:with-param name="desc"><xsl:choose><xsl:when test="$note">footnote reference</xsl:when><xsl:otherwise>footnote reference (no footnote body in the text)</xsl:otherwise></xsl:choose></xsl:with-param>
        <xsl:with-param name="body"><sup><xsl:apply-templates/></sup></xsl:with-param>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$note"><a class="fnlink" href="#{$note/@rv:id}"><xsl:copy-of select="$mark"/></a></xsl:when>
      <xsl:otherwise><xsl:copy-of select="$mark"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:stage">
    <xsl:choose>
      <xsl:when test="parent::t:div or parent::t:sp">
        <div class="blk"><xsl:call-template name="ln"/>
          <xsl:call-template name="mark"><xsl:with-param name="kind" select="'stage'"/><xsl:with-param name="tag" select="'stage'"/><xsl:with-param name="desc" select="'stage direction'"/></xsl:call-template>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="mark"><xsl:with-param name="kind" select="'stage'"/><xsl:with-param name="tag" select="'stage'"/><xsl:with-param name="desc" select="'stage direction'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:persName">
    <xsl:call-template name="mark">
      <xsl:with-param name="kind" select="'name'"/>
      <xsl:with-param name="desc"><xsl:choose><xsl:when test="@ref">person <xsl:value-of select="@ref"/></xsl:when><xsl:otherwise>person (not resolved)</xsl:otherwise></xsl:choose></xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <xsl:template match="t:placeName">
    <xsl:call-template name="mark"><xsl:with-param name="kind" select="'place'"/><xsl:with-param name="desc" select="'place'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:orgName">
    <xsl:call-template name="mark"><xsl:with-param name="kind" select="'org'"/><xsl:with-param name="desc" select="'organisation'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:date">
    <xsl:call-template name="mark"><xsl:with-param name="kind" select="'date'"/><xsl:with-param name="desc" select="concat('date ', @when)"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:idno">
    <xsl:call-template name="mark"><xsl:with-param name="kind" select="'idno'"/><xsl:with-param name="tag" select="'id'"/><xsl:with-param name="desc" select="concat('identifier (', @type, ')')"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="t:roleName">
    <xsl:call-template name="mark"><xsl:with-param name="kind" select="'role'"/><xsl:with-param name="desc" select="'title or role'"/></xsl:call-template>
  </xsl:template>

  <!-- ============================================================== distribution -->
  <xsl:template match="t:list">
    <div class="list list-{@type}" id="{@rv:id}">
      <xsl:apply-templates select="t:head"/>
      <ul class="items"><xsl:apply-templates select="t:item"/></ul>
      <xsl:if test="t:item and not(t:item//t:measure[@type='total'])">
        <p class="sum">Copies counted: <xsl:value-of select="count(t:item[not(.//t:measure)]) + sum(t:item//t:measure[@type='copies']/@quantity)"/></p>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="t:item">
    <xsl:call-template name="mark">
      <xsl:with-param name="kind" select="'item'"/>
      <xsl:with-param name="element" select="'li'"/>
      <xsl:with-param name="desc" select="'distribution item'"/>
      <xsl:with-param name="body">
        <xsl:call-template name="ln"/>
        <xsl:if test="@n"><span class="item-n"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates/>
        <xsl:if test="not(.//t:measure)"><span class="implied" title="no count printed: one copy">1 copy</span></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="t:measure">
    <xsl:call-template name="mark">
      <xsl:with-param name="kind" select="'copies'"/>
      <xsl:with-param name="tag"><xsl:choose><xsl:when test="@type = 'total'">total <xsl:value-of select="@quantity"/></xsl:when><xsl:otherwise>× <xsl:value-of select="@quantity"/> copies</xsl:otherwise></xsl:choose></xsl:with-param>
      <xsl:with-param name="desc" select="concat(@type, ': ', @quantity)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================== header card -->
  <xsl:template match="t:teiHeader" mode="card">
    <section class="card" id="header" aria-labelledby="header-title">
      <h2 id="header-title">Header</h2>
      <dl>
        <xsl:call-template name="row"><xsl:with-param name="k" select="'Title'"/><xsl:with-param name="v" select="t:fileDesc/t:titleStmt/t:title"/></xsl:call-template>
        <xsl:call-template name="row"><xsl:with-param name="k" select="'Date'"/><xsl:with-param name="v" select="t:profileDesc/t:creation/t:date"/><xsl:with-param name="extra" select="t:profileDesc/t:creation/t:date/@when"/></xsl:call-template>
        <xsl:call-template name="row"><xsl:with-param name="k" select="'Type'"/><xsl:with-param name="v" select="t:profileDesc/t:textClass//t:term"/></xsl:call-template>
        <xsl:call-template name="row"><xsl:with-param name="k" select="'Summary'"/><xsl:with-param name="v" select="t:profileDesc/t:abstract"/></xsl:call-template>
        <xsl:call-template name="row"><xsl:with-param name="k" select="'Citation'"/><xsl:with-param name="v" select="t:fileDesc/t:sourceDesc/t:bibl[@type='citation']"/></xsl:call-template>
        <xsl:call-template name="row"><xsl:with-param name="k" select="'Archival ref.'"/><xsl:with-param name="v" select="t:fileDesc/t:sourceDesc/t:bibl[@type='archival']"/></xsl:call-template>
        <div class="row"><dt>Languages</dt><dd>
          <xsl:for-each select="t:profileDesc/t:langUsage/t:language"><xsl:if test="position() > 1">, </xsl:if><xsl:value-of select="."/> (<code><xsl:value-of select="@ident"/></code>)</xsl:for-each>
          <xsl:if test="not(t:profileDesc/t:langUsage/t:language)"><span class="missing">not given</span></xsl:if>
        </dd></div>
        <div class="row"><dt>Provenance</dt><dd>
          <xsl:value-of select="t:fileDesc/t:publicationStmt/t:publisher"/>
          <xsl:for-each select="t:fileDesc/t:publicationStmt/t:idno"><br/><xsl:value-of select="@type"/>: <xsl:value-of select="."/></xsl:for-each>
          <xsl:for-each select="t:fileDesc/t:titleStmt/t:respStmt[not(@xml:id = 'resp-encoder')]"><br/><xsl:value-of select="t:resp"/>: <xsl:for-each select="t:persName | t:name"><xsl:if test="position() > 1">, </xsl:if><xsl:value-of select="."/></xsl:for-each></xsl:for-each>
          <xsl:for-each select="t:fileDesc/t:titleStmt/t:funder"><br/>funder: <xsl:value-of select="."/></xsl:for-each>
          <xsl:for-each select="t:fileDesc/t:publicationStmt/t:availability"><br/>rights: <xsl:value-of select="normalize-space(.)"/></xsl:for-each>
        </dd></div>
      </dl>
    </section>
  </xsl:template>

  <xsl:template name="row">
    <xsl:param name="k"/><xsl:param name="v"/><xsl:param name="extra" select="''"/>
    <div class="row"><dt><xsl:value-of select="$k"/></dt><dd>
      <xsl:choose>
        <xsl:when test="normalize-space($v) != ''"><xsl:value-of select="normalize-space($v)"/><xsl:if test="string($extra) != ''"><xsl:text> </xsl:text><code class="iso"><xsl:value-of select="$extra"/></code></xsl:if></xsl:when>
        <xsl:otherwise><span class="missing">not found</span></xsl:otherwise>
      </xsl:choose>
    </dd></div>
  </xsl:template>

  <!-- ============================================================== persons -->
  <xsl:template name="persons">
    <section class="card" id="persons" aria-labelledby="persons-title">
      <h2 id="persons-title">Persons <span class="count">(<xsl:value-of select="count(//t:listPerson/t:person)"/>)</span></h2>
      <xsl:if test="/rv:review/rv:persons/@personography = ''"><p class="note-small">No personography (persons.yaml) configured: ids are document-local.</p></xsl:if>
      <table class="persons">
        <thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Turns</th></tr></thead>
        <tbody>
          <xsl:for-each select="//t:listPerson/t:person">
            <xsl:variable name="known" select="key('known', @xml:id)/@known"/>
            <tr id="person-{@xml:id}" class="known-{$known}">
              <td>
                <strong><xsl:value-of select="t:persName[@type='full']"/></strong>
                <xsl:if test="$known = 'no'"><xsl:text> </xsl:text><span class="newp" title="not in the personography">+ new</span></xsl:if>
                <br/><code>#<xsl:value-of select="@xml:id"/></code>
                <xsl:for-each select="t:persName[not(@type='full')]"><br/><span class="form"><span class="ftype"><xsl:value-of select="@type"/></span><xsl:text> </xsl:text><xsl:value-of select="normalize-space(.)"/></span></xsl:for-each>
              </td>
              <td><xsl:value-of select="@role"/></td>
              <td class="num"><xsl:value-of select="count(key('turns-of', @xml:id))"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <!-- ============================================================== legend -->
  <xsl:template name="legend">
    <section class="card legend" id="legend" aria-labelledby="legend-title">
      <h2 id="legend-title">Marks</h2>
      <ul>
        <li><span class="mark k-supplied"><span class="tag">sup</span>words</span> supplied by the translator (reason after ·)</li>
        <li><span class="mark k-variant"><span class="tag">var</span>spelling</span> variant spelling</li>
        <li><span class="mark k-note"><span class="tag">note·type</span>text</span> note (translator's, editorial, sic, alias…)</li>
        <li><span class="mark k-gap"><span class="tag">gap·reason · extent</span>…</span> gap: redacted, omitted, illegible</li>
        <li><span class="mark k-stage"><span class="tag">stage</span>laughs</span> stage direction</li>
        <li><span class="mark k-pagebreak"><span class="tag">page N</span></span> page break · <span class="mark k-footnote-ref"><span class="tag">fn</span><sup>1</sup></span> footnote link</li>
        <li><span class="mark k-name">Name</span> person · <span class="mark k-role">Title</span> title · <span class="mark k-place">place</span> · <span class="mark k-org">organisation</span> · <span class="mark k-date">date</span></li>
        <li><span class="mark k-copies"><span class="tag">× 4 copies</span>4</span> copies of a distribution item</li>
        <li><span class="cert cert-low"><span aria-hidden="true">?</span> low certainty</span> the encoder was unsure (dashed outline)</li>
      </ul>
    </section>
  </xsl:template>

  <!-- ============================================================== clutter and findings -->
  <xsl:template match="rv:clutter">
    <section class="card" id="clutter" aria-labelledby="clutter-title">
      <h2 id="clutter-title">Dropped as clutter <span class="count">(<xsl:value-of select="count(rv:line)"/>)</span></h2>
      <xsl:choose>
        <xsl:when test="@known = 'no'"><p class="note-small">Known only when the transcript is reviewed (give the .txt).</p></xsl:when>
        <xsl:when test="not(rv:line)"><p class="note-small">No line was dropped.</p></xsl:when>
        <xsl:otherwise>
          <ol class="clutter">
            <xsl:for-each select="rv:line"><li><span class="loc">line <xsl:value-of select="@n"/></span><xsl:text> </xsl:text><del><xsl:value-of select="."/></del></li></xsl:for-each>
          </ol>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="rv:findings">
    <section class="findings" id="findings" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings <span class="count">(<xsl:value-of select="count(rv:finding)"/>)</span></h2>
      <xsl:choose>
        <xsl:when test="rv:finding">
          <table>
            <thead><tr><th scope="col">Where</th><th scope="col">Severity</th><th scope="col">Code</th><th scope="col">Message</th></tr></thead>
            <tbody>
              <xsl:for-each select="rv:finding">
                <tr id="f-{@n}" class="sev-{@severity}">
                  <td class="loc">
                    <xsl:choose>
                      <xsl:when test="@anchor != ''"><a href="#{@anchor}"><xsl:value-of select="@line"/>:<xsl:value-of select="@col"/></a></xsl:when>
                      <xsl:otherwise><xsl:value-of select="@line"/>:<xsl:value-of select="@col"/></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td><span class="sev"><xsl:value-of select="@severity"/></span></td>
                  <td><code><xsl:value-of select="@code"/></code></td>
                  <td><xsl:value-of select="rv:message"/><xsl:if test="rv:hint"><br/><span class="hint">hint: <xsl:value-of select="rv:hint"/></span></xsl:if></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise><p class="note-small">No findings.</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="t:desc"><xsl:apply-templates/></xsl:template>
</xsl:stylesheet>
