<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei review: the batch's index.html (XSLT 1.0). Input: <rv:index gold="yes|no"> with one <rv:doc>
  per document (counts, warnings, queue length, and with gold annotations the tei eval scores).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:rv="urn:tei-tool:review"
    exclude-result-prefixes="rv">
  <xsl:output method="html" encoding="UTF-8" indent="no"/>
  <xsl:param name="style" select="''"/>
  <xsl:param name="generator" select="'tei review'"/>

  <xsl:template match="/rv:index">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="{$generator}"/>
        <title>Review: <xsl:value-of select="count(rv:doc)"/> documents</title>
        <style><xsl:value-of select="$style" disable-output-escaping="yes"/></style>
      </head>
      <body>
        <header class="page-head">
          <h1>Review: <xsl:value-of select="count(rv:doc)"/> documents</h1>
          <p class="sub"><xsl:value-of select="sum(rv:doc/@queue)"/> items to check ·
            <xsl:value-of select="sum(rv:doc/@warnings)"/> warnings ·
            <xsl:value-of select="sum(rv:doc/@errors)"/> errors ·
            <xsl:value-of select="count(rv:doc[@failed])"/> without a page</p>
        </header>
        <main class="index">
          <table>
            <caption class="vh">Documents, with their counts, the review queue and warnings</caption>
            <thead>
              <tr>
                <th scope="col">Document</th><th scope="col" class="num">To check</th><th scope="col" class="num">Warnings</th>
                <th scope="col" class="num">Errors</th><th scope="col" class="num">Turns</th><th scope="col" class="num">Persons</th>
                <th scope="col" class="num">Supplied</th><th scope="col" class="num">Variants</th><th scope="col" class="num">Notes</th>
                <th scope="col" class="num">Gaps</th><th scope="col" class="num">Low cert.</th>
                <xsl:if test="@gold = 'yes'">
                  <th scope="col" class="num"><abbr title="tei eval, strict: turns F1">Turns F1</abbr></th>
                  <th scope="col" class="num"><abbr title="tei eval, strict: right speaker / turns">Speaker</abbr></th>
                  <th scope="col" class="num"><abbr title="tei eval, strict: brackets found F1">Brackets F1</abbr></th>
                  <th scope="col" class="num"><abbr title="tei eval, strict: brackets of the right kind F1">Kind F1</abbr></th>
                  <th scope="col" class="num"><abbr title="tei eval, strict: redactions F1">Redact. F1</abbr></th>
                </xsl:if>
              </tr>
            </thead>
            <tbody><xsl:apply-templates select="rv:doc"/></tbody>
          </table>
        </main>
        <footer class="foot">Made by <xsl:value-of select="$generator"/>.</footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="rv:doc">
    <tr class="doc">
      <xsl:if test="@failed"><xsl:attribute name="class">doc failed</xsl:attribute></xsl:if>
      <td>
        <xsl:choose>
          <xsl:when test="@href"><a href="{@href}"><xsl:value-of select="@title"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
        </xsl:choose>
        <br/><code class="file"><xsl:value-of select="@name"/></code>
        <xsl:if test="@failed"><br/><span class="missing">no page: <xsl:value-of select="@failed"/></span></xsl:if>
      </td>
      <td class="num"><strong><xsl:value-of select="@queue"/></strong></td>
      <td class="num"><xsl:value-of select="@warnings"/></td>
      <td class="num"><xsl:value-of select="@errors"/></td>
      <td class="num"><xsl:value-of select="@turn"/></td>
      <td class="num"><xsl:value-of select="@persons"/></td>
      <td class="num"><xsl:value-of select="@supplied"/></td>
      <td class="num"><xsl:value-of select="@variant"/></td>
      <td class="num"><xsl:value-of select="@note"/></td>
      <td class="num"><xsl:value-of select="@gap"/></td>
      <td class="num"><xsl:value-of select="@cert"/></td>
      <xsl:if test="/rv:index/@gold = 'yes'">
        <xsl:choose>
          <xsl:when test="rv:score">
            <td class="num"><xsl:value-of select="rv:score/@turns"/></td>
            <td class="num"><xsl:value-of select="rv:score/@speaker"/></td>
            <td class="num"><xsl:value-of select="rv:score/@brackets"/></td>
            <td class="num"><xsl:value-of select="rv:score/@kind"/></td>
            <td class="num"><xsl:value-of select="rv:score/@redactions"/></td>
          </xsl:when>
          <xsl:otherwise><td class="num" colspan="5">no gold</td></xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </tr>
  </xsl:template>
</xsl:stylesheet>
